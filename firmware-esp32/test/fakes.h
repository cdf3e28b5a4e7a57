// Host stand-ins for the ESP32's hardware and libraries.
#pragma once
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "backoff.h"
#include "flash_fs.h"
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
  bool utc_runs = false;  // true: utc is the UTC at ms == 0, and the clock runs with ms
  uint32_t now_ms() override { return ms; }
  uint64_t utc_ms() override { return utc && utc_runs ? utc + ms : utc; }
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

// Thrown by FakeFlash at a planned power cut; the test then boots a new Bridge on the same flash.
struct PowerCut {};

// LittleFS as the journal sees it: data is durable at append_close(), and a power cut during a
// close keeps only a prefix of what was being written (a torn record).
struct FakeFlash : FlashFs {
  std::map<std::string, std::string> files;
  uint32_t total_bytes = 1441792;  // esp32dev's default 1.375 MB data partition
  bool fail_writes = false;
  int closes_until_cut = -1;       // >= 0: that many closes succeed, the next one is cut
  size_t cut_keep = 0;             // bytes of the cut write that reach flash
  int opens = 0, closes = 0, renames = 0;
  std::string open_path, pending;
  bool is_open = false;

  bool append_open(const char* path) override {
    opens++;
    if (fail_writes) return false;
    open_path = path;
    pending.clear();
    is_open = true;
    return true;
  }
  bool append_write(const void* data, size_t len) override {
    if (!is_open || fail_writes) return false;
    pending.append(static_cast<const char*>(data), len);
    return true;
  }
  bool append_close() override {
    if (!is_open) return false;
    is_open = false;
    closes++;
    if (closes_until_cut == 0) {
      closes_until_cut = -1;
      files[open_path] += pending.substr(0, cut_keep < pending.size() ? cut_keep : pending.size());
      throw PowerCut{};
    }
    if (closes_until_cut > 0) closes_until_cut--;
    if (fail_writes) return false;
    files[open_path] += pending;
    return true;
  }
  bool read(const char* path, uint32_t offset, void* data, size_t len) override {
    auto it = files.find(path);
    if (it == files.end() || offset + len > it->second.size()) return false;
    std::memcpy(data, it->second.data() + offset, len);
    return true;
  }
  bool remove(const char* path) override { return files.erase(path) > 0; }
  bool rename(const char* from, const char* to) override {
    renames++;
    auto it = files.find(from);
    if (fail_writes || it == files.end()) return false;
    files[to] = it->second;
    files.erase(from);
    return true;
  }
  bool make_dir(const char*) override { return true; }
  void list(const char* dir, void (*each)(void*, const char*, uint32_t), void* ctx) override {
    const std::string prefix = std::string(dir) + "/";
    const auto copy = files;  // the callback may not touch files, but be safe
    for (const auto& f : copy)
      if (f.first.compare(0, prefix.size(), prefix) == 0) each(ctx, f.first.c_str() + prefix.size(), static_cast<uint32_t>(f.second.size()));
  }
  uint32_t used_bytes() const {
    uint32_t used = 2 * 4096;  // superblocks
    for (const auto& f : files) used += static_cast<uint32_t>((f.second.size() + 4095) / 4096 * 4096);
    return used;
  }
  uint32_t free_bytes() override { return total_bytes > used_bytes() ? total_bytes - used_bytes() : 0; }
};
