// The whole ESP32 bridge against a simulated broker and ingest: every reading taken reaches the
// database exactly once, across broker outages, lost publishes and an ESP32 reboot.
#include <doctest/doctest.h>

#include <map>
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

// The canonical UART line of the design note: boot first (new UNO firmware).
const char kKettleWithBoot[] =
    R"({"boot":7,"Voltage":229.87,"Current":1.423,"power_w":318.2,"apparent_power_va":327.1,"power_factor":0.973,"energy_wh":1234.567})";

struct Rig {
  MapStore nvs;
  FakeFlash flash;
  bool use_flash = true;
  FakeClock clock;
  FakeNetwork network;
  FakeMqtt mqtt;
  FakeRelay relay;
  FakeRandom random;
  uint32_t ring_capacity = 3600;
  std::vector<Measurement> storage, pending;
  std::vector<JournalSegment> segments = std::vector<JournalSegment>(352);
  FakeIngest ingest;
  size_t ingest_cursor = 0;
  bool ingest_acks = true;  // false: the ingest stores but says nothing (acks held back, lost, or coalesced)
  std::string line = std::string(kKettleWithBoot) + "\n";
  uint32_t lines_sent = 0;

  std::unique_ptr<Bridge> bridge;

  // A boot: RAM starts over (a power cut or a reset), NVS and flash are kept.
  void boot() {
    BridgeConfig config;
    config.device_id = "kitchen-1";
    config.secret = "s3cret";
    storage.assign(ring_capacity, Measurement());
    pending.assign(300, Measurement());
    bridge.reset(new Bridge(BridgePorts{mqtt, network, clock, relay, nvs, random, use_flash ? &flash : nullptr}, config));
    const BridgeMemory memory = {storage.data(), ring_capacity, pending.data(), 300, segments.data(), static_cast<uint32_t>(segments.size())};
    REQUIRE(bridge->begin(memory));
  }

  // Each line gets a distinct voltage so the test can tell readings apart: 200.00 V + n cV.
  void send_line() {
    std::string l = line;
    const size_t at = l.find("229.87");
    if (at != std::string::npos) {
      const uint32_t cv = 20000 + lines_sent % 20000;
      l.replace(at, 6, std::to_string(cv / 100) + "." + (cv % 100 < 10 ? "0" : "") + std::to_string(cv % 100));
    }
    lines_sent++;
    for (char c : l) bridge->on_uart_byte(static_cast<uint8_t>(c));
  }

  // Runs the device for `seconds`: a UNO line each second, loop() every 10 ms, the ingest acking
  // what it stored (when the broker is up) every 500 ms.
  void run(uint32_t seconds) {
    for (uint32_t tick = 0; tick < seconds * 100; ++tick) {
      clock.ms += 10;
      if (clock.ms % 1000 == 0) send_line();
      bridge->loop();
      if (clock.ms % 500 == 0 && mqtt.broker_up && ingest_acks) {
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
  CHECK(readings[0].payload == R"({"seq":0,"oldest_seq":0,"ts":1764223200123,"Voltage":200.00,"Current":1.423,"power_w":318.2,"apparent_power_va":327.1,"power_factor":0.973,"energy_wh":1234.567,"meter_boot":7,"meter_wh":1234.567})");
  CHECK_FALSE(readings[0].retained);
  CHECK(rig.ingest.refused == 0);
  CHECK(rig.bridge->held().size() <= 1);  // the latest may still await its ack
}

TEST_CASE("one coalesced ack releases a whole run: the ingest acks only the newest of 30 readings") {
  Rig rig;
  rig.boot();
  rig.run(3);
  REQUIRE(rig.bridge->connected());
  const size_t before = rig.mqtt.on("energy/kitchen-1/reading").size();
  rig.ingest_acks = false;
  // A run of 30 UNO lines, 100 ms apart (faster than the 10 s ack timeout could notice).
  for (int i = 0; i < 30; ++i) {
    rig.send_line();
    for (int t = 0; t < 10; ++t) {
      rig.clock.ms += 10;
      rig.bridge->loop();
    }
  }
  const auto run = rig.mqtt.on("energy/kitchen-1/reading");
  REQUIRE(run.size() == before + 30);
  CHECK(rig.bridge->held().size() >= 30);
  rig.ingest.consume(rig.mqtt, rig.ingest_cursor, "energy/kitchen-1/reading");
  const uint64_t newest = *rig.ingest.stored.rbegin();
  const std::string ack = "{\"seq\":" + std::to_string(newest) + "}";
  rig.bridge->on_message("energy/kitchen-1/ack", reinterpret_cast<const uint8_t*>(ack.data()), ack.size());
  CHECK(rig.bridge->held().size() == 0);
  CHECK(rig.bridge->pending().empty());
  // Nothing of the run is ever sent again, though no other ack comes for a minute.
  rig.run(60);
  const auto after = rig.mqtt.on("energy/kitchen-1/reading");
  for (size_t i = before + 30; i < after.size(); ++i) {
    ParsedReading r;
    REQUIRE(parse_reading_payload(after[i].payload.data(), after[i].payload.size(), r) == ReadingError::None);
    CHECK(r.seq > newest);
  }
  CHECK(rig.bridge->delivery().stats().resent > 0);  // the minute's own unacked readings were re-sent
}

TEST_CASE("a two-minute broker outage with lossy publishes: every reading stored exactly once") {
  Rig rig;
  rig.boot();
  rig.run(30);
  rig.mqtt.broker_up = false;
  rig.mqtt.drop_connection();
  rig.run(120);
  CHECK(rig.bridge->held().size() >= 119);  // held, not lost
  rig.mqtt.broker_up = true;
  rig.mqtt.drop_next_publishes = 7;  // the first publishes after reconnect vanish (QoS 0)
  rig.run(240);

  const uint32_t taken = rig.bridge->stats().readings;
  CHECK(taken == 390);
  CHECK(rig.ingest.stored.size() == taken);
  CHECK(*rig.ingest.stored.rbegin() == taken - 1);
  CHECK(rig.bridge->held().size() <= 1);
  CHECK(rig.bridge->held().dropped() == 0);
  CHECK(rig.bridge->pending().empty());
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
  CHECK(rig.bridge->held().empty());
}

TEST_CASE("a relay command drives the GPIO and is reported with its cmd_id") {
  Rig rig;
  rig.boot();
  rig.run(2);
  rig.clock.utc = 1780000000000ULL;  // NTP has synced; the command is within its window (test_relay_expiry.cpp: otherwise)
  const std::string cmd = R"({"state":"on","cmd_id":"c-9","reason":"manual","issued_at":1780000000000,"expires_at":1780000030000})";
  rig.bridge->on_message("energy/kitchen-1/cmd/relay", reinterpret_cast<const uint8_t*>(cmd.data()), cmd.size());
  rig.run(1);
  CHECK(rig.relay.history.back() == RelayState::On);
  const auto reports = rig.mqtt.on("energy/kitchen-1/relay");
  CHECK(reports.back().payload == R"({"state":"on","cmd_id":"c-9","result":"applied"})");
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
  std::vector<Measurement> ring(10), pending(10);
  Bridge b(BridgePorts{rig.mqtt, rig.network, rig.clock, rig.relay, rig.nvs, rig.random}, config);
  CHECK_FALSE(b.begin(BridgeMemory{ring.data(), 10, pending.data(), 10, nullptr, 0}));
  b.loop();
  CHECK(rig.mqtt.connects == 0);
}

namespace {
// Which lines reached the ingest: each line carries its own voltage (Rig::send_line).
std::set<uint16_t> stored_voltages(const Rig& rig) {
  std::set<uint16_t> v;
  for (const auto& p : rig.mqtt.delivered) {
    if (p.topic != "energy/kitchen-1/reading") continue;
    ParsedReading r;
    if (parse_reading_payload(p.payload.data(), p.payload.size(), r) == ReadingError::None) v.insert(r.m.voltage_cv);
  }
  return v;
}
}  // namespace

TEST_CASE("an outage twice as long as the RAM ring: the rest waits in flash, nothing is lost") {
  Rig rig;
  rig.ring_capacity = 100;
  rig.boot();
  rig.run(10);
  rig.mqtt.broker_up = false;
  rig.mqtt.drop_connection();
  rig.run(250);
  CHECK(rig.bridge->held().size() >= 249);
  CHECK(rig.bridge->held().ram().size() <= 100);
  CHECK(rig.bridge->held().journal().size() >= 249);
  CHECK(rig.bridge->held().dropped() == 0);
  rig.mqtt.broker_up = true;
  rig.run(120);
  CHECK(rig.ingest.stored.size() == rig.bridge->stats().readings);
  CHECK(stored_voltages(rig).size() == rig.lines_sent);
  CHECK(rig.bridge->held().size() <= 1);
  CHECK(rig.bridge->held().journal().size() <= 1);
}

TEST_CASE("a power cut during an outage: every reading taken is journaled, re-sent after the reboot") {
  Rig rig;
  rig.boot();
  rig.run(5);
  rig.mqtt.broker_up = false;
  rig.mqtt.drop_connection();
  rig.run(60);
  const uint32_t before_cut = rig.lines_sent;
  // The cut: the next journal write tears after 20 bytes. The line it carried is lost with the RAM,
  // as a line in transit would be; every earlier one is in flash.
  rig.flash.closes_until_cut = 0;
  rig.flash.cut_keep = 20;
  CHECK_THROWS_AS(rig.run(2), PowerCut);
  rig.clock.ms = 0;  // a new boot
  rig.boot();
  CHECK(rig.bridge->held().journal().stats().loaded >= before_cut - 5);
  rig.mqtt.broker_up = true;
  rig.run(60);
  const std::set<uint16_t> got = stored_voltages(rig);
  for (uint32_t n = 0; n < rig.lines_sent; n++) {
    if (n == before_cut) continue;  // the line whose journal write the cut tore
    CAPTURE(n);
    CHECK(got.count(static_cast<uint16_t>(20000 + n)) == 1);
  }
  // No seq reuse across the cut, and the ingest acked everything.
  CHECK(rig.bridge->held().size() <= 1);
}

TEST_CASE("without flash, NVS refusing seq reservations: readings wait without a seq, then get fresh ones; a reboot reuses none") {
  Rig rig;
  rig.use_flash = false;  // LittleFS did not mount: no second home for the reservation
  rig.boot();
  rig.run(1100);  // past the first block's early top-up: seqs 0..1099, reserved up to 2000
  rig.nvs.fail_writes = true;
  rig.run(1000);  // the block runs out at 2000; later readings wait
  CHECK(rig.bridge->pending().size() > 0);
  CHECK(rig.bridge->pending().dropped() == 0);
  const std::set<uint64_t> seen(rig.ingest.stored);
  const uint64_t max_issued = *rig.ingest.stored.rbegin();
  CHECK(max_issued < 2000);  // never beyond the confirmed reservation
  rig.mqtt.drop_connection();
  rig.boot();  // a reset while NVS still fails: the waiting readings were only in RAM
  rig.run(30);
  CHECK(rig.bridge->stats().readings == 0);  // no seq without a reservation, even after a reboot
  rig.nvs.fail_writes = false;
  rig.run(30);
  CHECK(rig.bridge->stats().readings >= 55);  // the waiting ones got seqs in order
  CHECK(rig.bridge->pending().empty());
  for (uint64_t s : rig.ingest.stored)
    if (!seen.count(s)) CHECK(s > max_issued);  // fresh seqs only: the ingest dropped none as duplicates
  CHECK(rig.ingest.stored.size() - seen.size() == rig.bridge->stats().readings);
}

namespace {
// What the ingest stored, by seq: the first reading it got under each seq (UNIQUE(device, seq)
// drops later ones), and how many later readings came under a seq with other values (a reused seq).
struct StoredBySeq {
  std::map<uint64_t, uint16_t> voltage;
  int reused = 0;
};
StoredBySeq stored_by_seq(const Rig& rig) {
  StoredBySeq out;
  for (const auto& p : rig.mqtt.delivered) {
    if (p.topic != "energy/kitchen-1/reading") continue;
    ParsedReading r;
    if (parse_reading_payload(p.payload.data(), p.payload.size(), r) != ReadingError::None) continue;
    const auto it = out.voltage.find(r.seq);
    if (it == out.voltage.end()) out.voltage[r.seq] = r.m.voltage_cv;
    else if (it->second != r.m.voltage_cv) out.reused++;
  }
  return out;
}
}  // namespace

TEST_CASE("NVS refuses writes for 40 minutes and the ESP32 reboots meanwhile: seqs reserved in flash, no reading lost or reused") {
  // The twin's nvs-failures scenario in small: the old queue of readings waiting for a seq held
  // 300 in RAM, so a failure longer than the rest of a block lost readings, and a reboot lost the
  // queue. With flash, the reservation goes to LittleFS instead.
  Rig rig;
  rig.boot();
  rig.run(1100);  // seqs 0..1099, reserved up to 2000 in NVS
  rig.nvs.fail_writes = true;
  rig.run(1500);  // the NVS block runs out at 2000
  rig.mqtt.drop_connection();
  rig.boot();  // a reset while NVS still fails
  rig.run(900);
  rig.nvs.fail_writes = false;
  rig.run(120);
  const StoredBySeq stored = stored_by_seq(rig);
  CHECK(stored.reused == 0);
  std::set<uint16_t> voltages;
  for (const auto& kv : stored.voltage) voltages.insert(kv.second);
  CHECK(voltages.size() == rig.lines_sent);  // every line the UNO sent, stored once
  CHECK(rig.bridge->pending().dropped() == 0);
  CHECK(rig.bridge->held().size() <= 1);
}

TEST_CASE("readings taken before NTP synced get their UTC time once it has, from this boot's uptime") {
  Rig rig;
  rig.boot();
  rig.mqtt.broker_up = false;  // Wi-Fi and NTP not there yet
  rig.run(5);
  const uint64_t t0 = 1764223200000ULL;  // UTC at ms == 0
  rig.clock.utc = t0;
  rig.clock.utc_runs = true;
  rig.mqtt.broker_up = true;
  rig.run(30);  // the connect backoff may wait up to 8 s
  std::map<uint64_t, uint64_t> ts_by_seq;
  for (const auto& p : rig.mqtt.on("energy/kitchen-1/reading")) {
    ParsedReading r;
    REQUIRE(parse_reading_payload(p.payload.data(), p.payload.size(), r) == ReadingError::None);
    REQUIRE(r.has_ts);
    ts_by_seq[r.seq] = r.m.ts_ms;
  }
  REQUIRE(ts_by_seq.count(0));
  CHECK(ts_by_seq[0] == t0 + 1000);  // the first line came at uptime 1 s
  CHECK(ts_by_seq[4] == t0 + 5000);
  CHECK(ts_by_seq[7] == t0 + 8000);

  // After a reboot, journaled readings from a boot that never synced go without ts.
  Rig other;
  other.boot();
  other.mqtt.broker_up = false;
  other.run(3);
  other.clock.ms = 0;
  other.boot();
  other.clock.utc = t0;
  other.clock.utc_runs = true;
  other.mqtt.broker_up = true;
  other.run(30);
  bool saw_old = false;
  for (const auto& p : other.mqtt.on("energy/kitchen-1/reading")) {
    ParsedReading r;
    REQUIRE(parse_reading_payload(p.payload.data(), p.payload.size(), r) == ReadingError::None);
    if (r.seq < 1000) {
      saw_old = true;
      CHECK_FALSE(r.has_ts);
    } else {
      CHECK(r.has_ts);
    }
  }
  CHECK(saw_old);
}
