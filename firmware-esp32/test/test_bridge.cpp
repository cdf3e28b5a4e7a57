// The whole ESP32 bridge against a simulated broker and ingest: every reading taken reaches the
// database exactly once, across broker outages, lost publishes and an ESP32 reboot.
#include <doctest/doctest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "bridge.h"
#include "fakes.h"
#include "support/contract_fixtures.h"

namespace {
// The ingest side, as ingest-service/src/readings/ack-tracker.ts behaves: store by UNIQUE seq,
// ack the highest seq below which the device holds nothing unstored.
struct FakeIngest {
  std::set<uint64_t> stored;
  int64_t acked_through = -2;  // -2: device not seen yet
  int refused = 0;

  // Takes new readings off the broker; returns the ack to publish, or -1.
  int64_t consume(FakeMqtt& mqtt, size_t& cursor, const std::string& topic) {
    bool any = false;
    for (; cursor < mqtt.delivered.size(); ++cursor) {
      const Published& p = mqtt.delivered[cursor];
      if (p.topic != topic) continue;
      ParsedReading r;
      if (parse_reading_payload(p.payload.data(), p.payload.size(), r) != ReadingError::None || !r.has_seq) {
        refused++;
        continue;
      }
      any = true;
      stored.insert(r.seq);
      const int64_t claim = static_cast<int64_t>(r.oldest_seq) - 1;
      if (acked_through == -2 || claim > acked_through) acked_through = claim;
    }
    while (stored.count(static_cast<uint64_t>(acked_through + 1))) acked_through++;
    return any && acked_through >= 0 ? acked_through : -1;
  }
};

struct Rig {
  MapStore nvs;
  FakeClock clock;
  FakeNetwork network;
  FakeMqtt mqtt;
  FakeRelay relay;
  FakeRandom random;
  std::vector<Measurement> storage = std::vector<Measurement>(3600);
  FakeIngest ingest;
  size_t ingest_cursor = 0;
  std::string line = fixtures::read_file("uart/valid/kettle.jsonl") + "\n";

  std::unique_ptr<Bridge> bridge;

  void boot() {
    BridgeConfig config;
    config.device_id = "kitchen-1";
    config.secret = "s3cret";
    bridge.reset(new Bridge(BridgePorts{mqtt, network, clock, relay, nvs, random}, storage.data(),
                            static_cast<uint32_t>(storage.size()), config));
    REQUIRE(bridge->begin());
  }

  // Runs the device for `seconds`: a UNO line each second, loop() every 10 ms, the ingest acking
  // what it stored (when the broker is up) every 500 ms.
  void run(uint32_t seconds) {
    for (uint32_t tick = 0; tick < seconds * 100; ++tick) {
      clock.ms += 10;
      if (clock.ms % 1000 == 0)
        for (char c : line) bridge->on_uart_byte(static_cast<uint8_t>(c));
      bridge->loop();
      if (clock.ms % 500 == 0 && mqtt.broker_up) {
        const int64_t ack = ingest.consume(mqtt, ingest_cursor, "energy/kitchen-1/reading");
        if (ack >= 0 && mqtt.is_connected) {
          const std::string payload = "{\"seq\":" + std::to_string(ack) + "}";
          bridge->on_message("energy/kitchen-1/ack", reinterpret_cast<const uint8_t*>(payload.data()), payload.size());
        }
      }
    }
  }
};
}  // namespace

TEST_CASE("connect: status online retained, will offline, subscriptions, relay safe state reported") {
  Rig rig;
  rig.boot();
  CHECK(rig.relay.history == std::vector<RelayState>{RelayState::Off});  // before any network
  rig.run(2);
  REQUIRE(rig.bridge->connected());
  CHECK(std::string(rig.mqtt.last_options.username) == "kitchen-1");
  CHECK(rig.mqtt.will_topic == "energy/kitchen-1/status");
  CHECK(rig.mqtt.will_payload == "offline");
  const auto status = rig.mqtt.on("energy/kitchen-1/status");
  REQUIRE(status.size() == 1);
  CHECK(status[0].payload == "online");
  CHECK(status[0].retained);
  CHECK(rig.mqtt.subscriptions == std::vector<std::string>{"energy/kitchen-1/ack", "energy/kitchen-1/cmd/relay"});
  const auto relay = rig.mqtt.on("energy/kitchen-1/relay");
  REQUIRE(relay.size() == 1);
  CHECK(relay[0].payload == R"({"state":"off"})");
  CHECK(relay[0].retained);
}

TEST_CASE("readings carry seq, oldest_seq and the contract's encoding; acks empty the ring") {
  Rig rig;
  rig.boot();
  rig.clock.utc = 1764223200123ULL;
  rig.run(10);
  const auto readings = rig.mqtt.on("energy/kitchen-1/reading");
  REQUIRE(readings.size() >= 9);
  CHECK(readings[0].payload == R"({"seq":0,"oldest_seq":0,"ts":1764223200123,"Voltage":229.87,"Current":1.423,"power_w":318.2,"apparent_power_va":327.1,"power_factor":0.973,"energy_wh":1234.567})");
  CHECK_FALSE(readings[0].retained);
  CHECK(rig.ingest.refused == 0);
  CHECK(rig.bridge->ring().size() <= 1);  // the latest may still await its ack
}

TEST_CASE("a two-minute broker outage with lossy publishes: every reading stored exactly once") {
  Rig rig;
  rig.boot();
  rig.run(30);
  rig.mqtt.broker_up = false;
  rig.mqtt.drop_connection();
  rig.run(120);
  CHECK(rig.bridge->ring().size() >= 119);  // held, not lost
  rig.mqtt.broker_up = true;
  rig.mqtt.drop_next_publishes = 7;  // the first publishes after reconnect vanish (QoS 0)
  rig.run(240);

  const uint32_t taken = rig.bridge->stats().readings;
  CHECK(taken == 390);
  CHECK(rig.ingest.stored.size() == taken);
  CHECK(*rig.ingest.stored.rbegin() == taken - 1);
  CHECK(rig.bridge->ring().size() <= 1);
  CHECK(rig.bridge->ring().dropped() == 0);
  CHECK(rig.bridge->delivery().stats().resent >= 120);
  // The backlog was paced: live readings kept flowing during the catch-up.
  CHECK(rig.mqtt.connects >= 2);
}

TEST_CASE("an ESP32 reboot neither reuses a seq nor loses the energy counter") {
  Rig rig;
  rig.boot();
  rig.run(20);
  const uint64_t last_seq = *rig.ingest.stored.rbegin();
  rig.mqtt.drop_connection();
  rig.boot();  // RAM gone, NVS kept
  rig.run(20);
  const auto readings = rig.mqtt.on("energy/kitchen-1/reading");
  ParsedReading first_after;
  const std::string& p = readings[readings.size() - 15].payload;
  REQUIRE(parse_reading_payload(p.data(), p.size(), first_after) == ReadingError::None);
  CHECK(first_after.seq > last_seq);
  CHECK(first_after.m.energy_mwh == 1234567);  // the UNO kept counting: nothing lost
  CHECK(rig.ingest.stored.size() == 40);
}

TEST_CASE("garbage on the UART is counted and never gets a seq") {
  Rig rig;
  rig.boot();
  const std::string junk = "\xff\xfe{\"Voltage\":230.0,\"Current\":1420}\n{\"Voltage\":NaN,\"Current\":1}\n";
  for (char c : junk) rig.bridge->on_uart_byte(static_cast<uint8_t>(c));
  CHECK(rig.bridge->stats().invalid_lines == 2);
  CHECK(rig.bridge->uart_stats().garbage == 1);
  CHECK(rig.bridge->ring().empty());
}

TEST_CASE("a relay command drives the GPIO and is reported with its cmd_id") {
  Rig rig;
  rig.boot();
  rig.run(2);
  const std::string cmd = R"({"state":"on","cmd_id":"c-9","reason":"manual"})";
  rig.bridge->on_message("energy/kitchen-1/cmd/relay", reinterpret_cast<const uint8_t*>(cmd.data()), cmd.size());
  rig.run(1);
  CHECK(rig.relay.history.back() == RelayState::On);
  const auto reports = rig.mqtt.on("energy/kitchen-1/relay");
  CHECK(reports.back().payload == R"({"state":"on","cmd_id":"c-9"})");
  CHECK(reports.back().retained);

  const std::string bad = R"({"state":"maybe"})";
  rig.bridge->on_message("energy/kitchen-1/cmd/relay", reinterpret_cast<const uint8_t*>(bad.data()), bad.size());
  CHECK(rig.relay.history.back() == RelayState::On);
  CHECK(rig.bridge->stats().bad_commands == 1);

  rig.boot();  // a reboot restores the safe state
  CHECK(rig.relay.history.back() == RelayState::Off);
}

TEST_CASE("an invalid device id is refused at begin") {
  Rig rig;
  BridgeConfig config;
  config.device_id = "Kitchen 1";
  config.secret = "x";
  Bridge b(BridgePorts{rig.mqtt, rig.network, rig.clock, rig.relay, rig.nvs, rig.random}, rig.storage.data(), 10, config);
  CHECK_FALSE(b.begin());
  b.loop();
  CHECK(rig.mqtt.connects == 0);
}
