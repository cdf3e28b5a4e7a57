// Relay commands and reports, ack messages, topics, and PubSubClient's buffer.
#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "ack_message.h"
#include "mqtt_packet.h"
#include "reading_codec.h"
#include "relay.h"
#include "topics.h"

namespace {
bool relay(const std::string& s, RelayCommand& c) { return parse_relay_command(s.data(), s.size(), c); }
bool ack(const std::string& s, uint32_t& seq) { return parse_ack(s.data(), s.size(), seq); }
}  // namespace

TEST_CASE("relay commands: the contract's shape only") {
  RelayCommand c;
  // Every command carries its window (test_relay_expiry.cpp checks it); W is a valid one.
  const std::string W = R"("issued_at":1780000000000,"expires_at":1780000030000)";
  REQUIRE(relay(R"({"state":"on","cmd_id":"c-17","reason":"alert: over 3 kW",)" + W + "}", c));
  CHECK(c.state == RelayState::On);
  CHECK(std::string(c.cmd_id) == "c-17");
  REQUIRE(relay(R"({"state":"off",)" + W + "}", c));
  CHECK(c.state == RelayState::Off);
  CHECK(c.cmd_id[0] == '\0');
  for (const char* bad : {R"({"state":"ON")", R"({"state":1)", R"({"cmd_id":"x")", R"({"state":"on","extra":1)",
                          R"({"state":"on","state":"off")", R"({"state":"on",)"}) {
    CAPTURE(bad);
    CHECK_FALSE(relay(std::string(bad) + "," + W + "}", c));
  }
  CHECK_FALSE(relay("on", c));
  CHECK_FALSE(relay(R"({"state":"on")", c));
  CHECK(relay("{\"state\":\"on\",\"cmd_id\":\"" + std::string(64, 'a') + "\"," + W + "}", c));
  CHECK_FALSE(relay("{\"state\":\"on\",\"cmd_id\":\"" + std::string(65, 'a') + "\"," + W + "}", c));
  CHECK_FALSE(relay("{\"state\":\"on\",\"reason\":\"" + std::string(201, 'a') + "\"," + W + "}", c));
}

TEST_CASE("relay report carries the state and the command it answers, escaped") {
  char out[300];
  size_t n = encode_relay_report(out, sizeof out, RelayState::Off, "");
  CHECK(std::string(out, n) == R"({"state":"off"})");
  n = encode_relay_report(out, sizeof out, RelayState::On, "id\"1");
  CHECK(std::string(out, n) == R"({"state":"on","cmd_id":"id\"1"})");
  n = encode_relay_report(out, sizeof out, RelayState::Off, "c-1", RelayResult::Expired);
  CHECK(std::string(out, n) == R"({"state":"off","cmd_id":"c-1","result":"expired"})");
  RelayCommand round;
  REQUIRE(relay(R"({"state":"on","cmd_id":"id\"1","issued_at":1780000000000,"expires_at":1780000030000})", round));
  CHECK(std::string(round.cmd_id) == "id\"1");
}

TEST_CASE("acks: {\"seq\":N} within 32 bits, nothing else") {
  uint32_t seq = 0;
  CHECK(ack(R"({"seq":42})", seq));
  CHECK(seq == 42);
  CHECK(ack(R"({"seq":4294967295})", seq));
  CHECK(seq == 4294967295UL);
  for (const char* bad : {R"({"seq":4294967296})", R"({"seq":-1})", R"({"seq":1.5})", R"({"seq":"1"})", R"({})",
                          R"({"seq":1,"x":2})", "42", R"({"seq":1)"}) {
    CAPTURE(bad);
    CHECK_FALSE(ack(bad, seq));
  }
}

TEST_CASE("device ids and topics follow libs/contracts/src/topics.ts") {
  CHECK(is_valid_device_id("kitchen-1"));
  CHECK(is_valid_device_id("0_a"));
  CHECK(is_valid_device_id(std::string(64, 'a').c_str()));
  for (const char* bad : {"", "-a", "_a", "Kitchen", "a/b", "a+", "a#", "a b"}) {
    CAPTURE(bad);
    CHECK_FALSE(is_valid_device_id(bad));
  }
  CHECK_FALSE(is_valid_device_id(std::string(65, 'a').c_str()));
  DeviceTopics t;
  REQUIRE(t.build("garage-2"));
  CHECK(std::string(t.reading) == "energy/garage-2/reading");
  CHECK(std::string(t.status) == "energy/garage-2/status");
  CHECK(std::string(t.ack) == "energy/garage-2/ack");
  CHECK(std::string(t.relay_command) == "energy/garage-2/cmd/relay");
  CHECK(std::string(t.relay_state) == "energy/garage-2/relay");
}

TEST_CASE("PubSubClient's buffer holds the largest reading with its topic, and the CONNECT packet") {
  DeviceTopics t;
  const std::string longest_id(64, 'z');
  REQUIRE(t.build(longest_id.c_str()));
  Measurement m;
  m.ts_ms = 8640000000000000ULL;
  m.voltage_cv = 50000;
  m.current_ma = 100000;
  m.power_dw = m.apparent_dva = 500000;
  m.pf_milli = 1000;
  m.energy_mwh = 1000000000000000ULL;
  m.meter_boot = 4294967295UL;
  m.meter_mwh = 1000000000000000ULL;
  char payload[kReadingPayloadMax];
  const size_t len = encode_reading(payload, sizeof payload, 4294967295UL, 4294967295UL, m);
  REQUIRE(len > 0);
  const size_t topic_len = std::strlen(t.reading);
  CHECK(mqtt_publish_size(topic_len, len) <= kMqttBufferSize);
  // PubSubClient's own check in publish(): MQTT_MAX_HEADER_SIZE (5) + 2 + topic + payload.
  CHECK(5 + 2 + topic_len + len <= kMqttBufferSize);
  CHECK(5 + 2 + topic_len + len > 256);  // the default buffer would silently drop it
  CHECK(mqtt_connect_size(64, std::strlen(t.status), 7, 64, kMaxSecretLength) <= kMqttBufferSize);
}
