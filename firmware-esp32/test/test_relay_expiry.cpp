// Relay commands that cannot act late (issue 16, item 8): issued_at / expires_at in the command, the
// device's wall clock decides, no clock means no action, and the report says what happened.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "bridge.h"
#include "fakes.h"
#include "relay.h"

namespace {
constexpr uint64_t kT = 1780000000000ULL;  // 2026-05-28, UTC ms

bool relay(const std::string& s, RelayCommand& c) { return parse_relay_command(s.data(), s.size(), c); }

std::string command(const char* state, const char* id, uint64_t issued, uint64_t expires) {
  return std::string("{\"state\":\"") + state + "\",\"cmd_id\":\"" + id + "\",\"issued_at\":" + std::to_string(issued) +
         ",\"expires_at\":" + std::to_string(expires) + "}";
}

struct RelayRig {
  MapStore nvs;
  FakeClock clock;
  FakeNetwork network;
  FakeMqtt mqtt;
  FakeRelay relay;
  FakeRandom random;
  std::vector<Measurement> ring = std::vector<Measurement>(16), pending = std::vector<Measurement>(16);
  std::unique_ptr<Bridge> bridge;

  RelayRig() {
    BridgeConfig config;
    config.device_id = "kitchen-1";
    config.secret = "s3cret";
    bridge.reset(new Bridge(BridgePorts{mqtt, network, clock, relay, nvs, random}, config));
    REQUIRE(bridge->begin(BridgeMemory{ring.data(), 16, pending.data(), 16, nullptr, 0}));
    loop(200);
    REQUIRE(bridge->connected());
  }
  void loop(uint32_t ticks) {
    for (uint32_t i = 0; i < ticks; i++) {
      clock.ms += 10;
      bridge->loop();
    }
  }
  void send(const std::string& payload) {
    bridge->on_message("energy/kitchen-1/cmd/relay", reinterpret_cast<const uint8_t*>(payload.data()), payload.size());
    loop(2);
  }
  std::string last_report() const { return mqtt.on("energy/kitchen-1/relay").back().payload; }
};
}  // namespace

TEST_CASE("relay commands need issued_at and expires_at, in UTC ms, at most an hour apart") {
  RelayCommand c;
  REQUIRE(relay(command("off", "c-1", kT, kT + 30000), c));
  CHECK(c.state == RelayState::Off);
  CHECK(c.issued_at_ms == kT);
  CHECK(c.expires_at_ms == kT + 30000);
  CHECK(relay(command("on", "c-2", kT, kT + 3600000), c));
  for (const std::string& bad : {std::string(R"({"state":"on","cmd_id":"c-9"})"), std::string(R"({"state":"on","issued_at":1780000000000})"),
                                 std::string(R"({"state":"on","expires_at":1780000030000})"), command("on", "x", kT, kT), command("on", "x", kT, kT - 1),
                                 command("on", "x", kT, kT + 3600001), command("on", "x", 1780000000, 1780000030),
                                 std::string(R"({"state":"on","issued_at":1780000000000.5,"expires_at":1780000030000})"),
                                 std::string(R"({"state":"on","issued_at":"1780000000000","expires_at":1780000030000})"),
                                 std::string(R"({"state":"on","issued_at":-1780000000000,"expires_at":1780000030000})"),
                                 std::string(R"({"state":"on","issued_at":1780000000000,"expires_at":9007199254740992})")}) {
    CAPTURE(bad);
    CHECK_FALSE(relay(bad, c));
  }
}

TEST_CASE("the verdict: applied before expires_at, expired from it on, no_clock without wall time") {
  RelayCommand c;
  REQUIRE(relay(command("off", "c-1", kT, kT + 30000), c));
  CHECK(relay_command_verdict(c, kT + 29999) == RelayResult::Applied);
  CHECK(relay_command_verdict(c, kT + 30000) == RelayResult::Expired);
  CHECK(relay_command_verdict(c, kT + 3 * 3600000ULL) == RelayResult::Expired);
  CHECK(relay_command_verdict(c, 0) == RelayResult::NoClock);
}

TEST_CASE("a command that arrives hours late does not touch the relay, and is reported expired") {
  RelayRig rig;
  rig.clock.utc = kT + 3 * 3600000ULL;  // NTP says it is three hours after the cut was issued
  const size_t gpio_writes = rig.relay.history.size();
  rig.send(command("off", "alert-7-off", kT, kT + 30000));
  CHECK(rig.relay.history.size() == gpio_writes);
  CHECK(rig.bridge->relay_state() == RelayState::Off);  // the boot state, untouched
  CHECK(rig.last_report() == R"({"state":"off","cmd_id":"alert-7-off","result":"expired"})");
  CHECK(rig.bridge->stats().relay_expired == 1);

  rig.send(command("on", "api-1", kT + 3 * 3600000ULL - 1000, kT + 3 * 3600000ULL + 29000));
  CHECK(rig.relay.history.back() == RelayState::On);
  CHECK(rig.last_report() == R"({"state":"on","cmd_id":"api-1","result":"applied"})");
  rig.send(command("off", "alert-8-off", kT, kT + 30000));
  CHECK(rig.relay.history.back() == RelayState::On);
  CHECK(rig.last_report() == R"({"state":"on","cmd_id":"alert-8-off","result":"expired"})");
}

TEST_CASE("without wall time (NTP not synced yet) no command acts; the report says no_clock") {
  RelayRig rig;
  rig.clock.utc = 0;
  const size_t gpio_writes = rig.relay.history.size();
  rig.send(command("on", "api-2", kT, kT + 30000));
  CHECK(rig.relay.history.size() == gpio_writes);
  CHECK(rig.last_report() == R"({"state":"off","cmd_id":"api-2","result":"no_clock"})");
  CHECK(rig.bridge->stats().relay_no_clock == 1);
  rig.clock.utc = kT + 1000;  // synced: the service's re-send acts
  rig.send(command("on", "api-2", kT, kT + 30000));
  CHECK(rig.relay.history.back() == RelayState::On);
  CHECK(rig.last_report() == R"({"state":"on","cmd_id":"api-2","result":"applied"})");
}
