// Host stand-ins for the ESP32's hardware and libraries.
#pragma once
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "backoff.h"
#include "key_value_store.h"
#include "ports.h"

struct MapStore : KeyValueStore {
  std::map<std::string, std::string> data;
  int writes = 0;
  bool fail_writes = false;
  bool read(const char* key, void* out, size_t len) override {
    auto it = data.find(key);
    if (it == data.end() || it->second.size() != len) return false;
    std::memcpy(out, it->second.data(), len);
    return true;
  }
  bool write(const char* key, const void* in, size_t len) override {
    writes++;
    if (fail_writes) return false;
    data[key] = std::string(static_cast<const char*>(in), len);
    return true;
  }
};

// Deterministic "random": a linear congruential generator, or a fixed value.
struct FakeRandom : RandomSource {
  uint32_t state = 12345;
  bool fixed = false;
  uint32_t fixed_value = 0;
  uint32_t next() override { return fixed ? fixed_value : (state = state * 1664525u + 1013904223u); }
};

struct FakeClock : Clock {
  uint32_t ms = 0;
  uint64_t utc = 0;
  uint32_t now_ms() override { return ms; }
  uint64_t utc_ms() override { return utc; }
};

struct FakeNetwork : NetworkPort {
  bool is_up = true;
  int restarts = 0;
  bool up() override { return is_up; }
  void restart() override { restarts++; }
};

struct FakeRelay : RelayOutput {
  std::vector<RelayState> history;
  void set(RelayState s) override { history.push_back(s); }
};

struct Published {
  std::string topic, payload;
  bool retained;
};

// A broker as seen from one client: connect may be refused, publishes may be lost.
struct FakeMqtt : MqttPort {
  bool broker_up = true;
  bool is_connected = false;
  int connects = 0;
  int drop_next_publishes = 0;  // QoS 0 on a flaky link: accepted by the client, never arrives
  MqttConnectOptions last_options{};
  std::string will_topic, will_payload;
  std::vector<std::string> subscriptions;
  std::vector<Published> delivered;
  bool connected() override { return is_connected; }
  bool connect(const MqttConnectOptions& o) override {
    connects++;
    last_options = o;
    will_topic = o.will_topic;
    will_payload = o.will_payload;
    is_connected = broker_up;
    return is_connected;
  }
  bool publish(const char* topic, const char* payload, size_t len, bool retained) override {
    if (!is_connected) return false;
    if (drop_next_publishes > 0) {
      drop_next_publishes--;
      return true;
    }
    delivered.push_back({topic, std::string(payload, len), retained});
    return true;
  }
  bool subscribe(const char* topic) override {
    subscriptions.push_back(topic);
    return is_connected;
  }
  void loop() override {}
  void drop_connection() { is_connected = false; }

  std::vector<Published> on(const std::string& topic) const {
    std::vector<Published> out;
    for (const auto& p : delivered)
      if (p.topic == topic) out.push_back(p);
    return out;
  }
};
