// The sketch itself (src/energy_bridge.ino built against host/shims) as a process, against a real
// mosquitto: UART lines in on stdin, readings out over MQTT, acks back, power cuts as SIGKILL.
#include <doctest/doctest.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>

#include "host_process.h"
#include "reading_codec.h"

using namespace hostproc;

namespace {
const char kReadings[] = "energy/kitchen-1/reading";

std::string line(const char* voltage, const char* energy) {
  return std::string("{\"boot\":7,\"Voltage\":") + voltage +
         ",\"Current\":1.423,\"power_w\":318.2,\"apparent_power_va\":327.1,\"power_factor\":0.973,\"energy_wh\":" + energy + "}\n";
}

// The payload with its ts taken out (ts is checked separately).
std::string without_ts(const std::string& payload, uint64_t& ts) {
  const size_t at = payload.find(",\"ts\":");
  if (at == std::string::npos) return payload;
  const size_t end = payload.find(',', at + 1);
  ts = std::stoull(payload.substr(at + 6, end - at - 6));
  return payload.substr(0, at) + payload.substr(end);
}

void sleep_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// Two days ago, as the twin starts its virtual clock in the past.
uint64_t past_start() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count()) -
         2ULL * 86400000ULL;
}

// Sends a line and waits for the hold-up point: loop() ran after its last byte.
void send_line(Bridge& b, const std::string& l, uint64_t& uart_total) {
  uart_total += l.size();
  b.send(l);
  REQUIRE(b.wait_event("uart_total=" + std::to_string(uart_total) + " ", 5000));
}
}  // namespace

TEST_SUITE("host") {
  TEST_CASE("two UART lines arrive as two readings with the contract's payload; an ack releases them") {
    Broker broker;
    const std::string dir = temp_dir();
    write_file(dir + "/faults", "");
    VirtualClock clock(dir + "/clock", past_start(), 20);  // 20x real time
    Client sub(broker.port(), "energy/kitchen-1/#");
    Bridge b(dir + "/state", clock, broker.port(), dir + "/faults");
    REQUIRE(b.wait_event("mqtt connected", 10000));
    REQUIRE(sub.wait_count("energy/kitchen-1/status", 1, 2000));
    CHECK(sub.messages("energy/kitchen-1/status")[0].payload == "online");

    uint64_t uart = 0;
    const uint64_t t1 = clock.now();
    send_line(b, line("229.87", "1234.567"), uart);
    const uint64_t t1_done = clock.now();
    sleep_ms(50);  // a second of virtual time, as the UNO sends
    send_line(b, line("230.00", "1234.667"), uart);
    REQUIRE(sub.wait_count(kReadings, 2, 5000));
    const auto r = sub.messages(kReadings);
    uint64_t ts0 = 0, ts1 = 0;
    CHECK(without_ts(r[0].payload, ts0) ==
          R"({"seq":0,"oldest_seq":0,"Voltage":229.87,"Current":1.423,"power_w":318.2,"apparent_power_va":327.1,"power_factor":0.973,"energy_wh":1234.567,"meter_boot":7,"meter_wh":1234.567})");
    CHECK(without_ts(r[1].payload, ts1) ==
          R"({"seq":1,"oldest_seq":0,"Voltage":230.00,"Current":1.423,"power_w":318.2,"apparent_power_va":327.1,"power_factor":0.973,"energy_wh":1234.667,"meter_boot":7,"meter_wh":1234.667})");
    CHECK(ts0 >= t1);  // virtual UTC of the line, from the clock file
    CHECK(ts0 <= t1_done + 100);
    CHECK(ts1 > ts0);
    for (const auto& m : r) {
      ParsedReading parsed;
      CHECK(parse_reading_payload(m.payload.data(), m.payload.size(), parsed) == ReadingError::None);
    }

    // No ack: after the 10 s ack timeout the device sends them again.
    REQUIRE(sub.wait_count(kReadings, 3, 3000));
    sub.publish("energy/kitchen-1/ack", R"({"seq":1})");
    sleep_ms(300);
    const size_t after_ack = sub.messages(kReadings).size();
    sleep_ms(2500);  // 50 s of virtual time: well past every re-send timeout
    CHECK(sub.messages(kReadings).size() == after_ack);  // released: nothing more is sent
  }

  TEST_CASE("one ack for the newest of a run of 30 readings releases them all (the ingest coalesces acks)") {
    Broker broker;
    const std::string dir = temp_dir();
    write_file(dir + "/faults", "");
    VirtualClock clock(dir + "/clock", past_start(), 20);
    Client sub(broker.port(), "energy/kitchen-1/reading");
    Bridge b(dir + "/state", clock, broker.port(), dir + "/faults");
    REQUIRE(b.wait_event("mqtt connected", 10000));
    uint64_t uart = 0;
    for (int i = 0; i < 30; i++) {
      const std::string v = "2" + std::to_string(10 + i) + ".00";
      send_line(b, line(v.c_str(), "10.000"), uart);
    }
    REQUIRE(sub.wait_count(kReadings, 30, 5000));
    std::set<uint64_t> seqs;
    for (const auto& m : sub.messages(kReadings)) {
      ParsedReading r;
      REQUIRE(parse_reading_payload(m.payload.data(), m.payload.size(), r) == ReadingError::None);
      seqs.insert(r.seq);
    }
    REQUIRE(seqs.size() == 30);
    sub.publish("energy/kitchen-1/ack", "{\"seq\":" + std::to_string(*seqs.rbegin()) + "}");
    sleep_ms(300);
    const size_t after_ack = sub.messages(kReadings).size();
    sleep_ms(2500);  // 50 s of virtual time: well past every re-send timeout
    CHECK(sub.messages(kReadings).size() == after_ack);  // the whole run released: nothing is sent again
  }

  TEST_CASE("a power cut during a Wi-Fi outage: the readings come back from flash after the reboot") {
    Broker broker;
    const std::string dir = temp_dir();
    write_file(dir + "/faults", "");
    VirtualClock clock(dir + "/clock", past_start(), 20);
    Client sub(broker.port(), "energy/kitchen-1/reading");
    std::set<std::string> sent;
    {
      Bridge b(dir + "/state", clock, broker.port(), dir + "/faults");
      REQUIRE(b.wait_event("mqtt connected", 10000));  // Wi-Fi up: SNTP has synced
      write_file(dir + "/faults", "wifi_down=1\n");
      REQUIRE(b.wait_event("mqtt lost", 5000));
      uint64_t uart = 0;
      for (int i = 0; i < 5; i++) {
        const std::string v = "21" + std::to_string(i) + ".00";
        sent.insert(v);
        send_line(b, line(v.c_str(), "10.000"), uart);
      }
      b.kill_now();  // right after the last line's loop(): the hold-up of a real supply
    }
    CHECK(sub.messages(kReadings).empty());
    write_file(dir + "/faults", "");
    Bridge rebooted(dir + "/state", clock, broker.port(), dir + "/faults");
    REQUIRE(sub.wait_count(kReadings, 5, 10000));
    std::set<std::string> got;
    std::set<uint64_t> seqs;
    for (const auto& m : sub.messages(kReadings)) {
      ParsedReading r;
      REQUIRE(parse_reading_payload(m.payload.data(), m.payload.size(), r) == ReadingError::None);
      CHECK(r.has_ts);
      seqs.insert(r.seq);
      const std::string p = m.payload;
      const size_t at = p.find("\"Voltage\":") + 10;
      got.insert(p.substr(at, p.find(',', at) - at));
    }
    CHECK(got == sent);
    CHECK(seqs.size() == 5);
  }

  TEST_CASE("a failed MQTT buffer allocation is reported and retried, not a silent publish failure") {
    Broker broker;
    const std::string dir = temp_dir();
    write_file(dir + "/faults", "mqtt_alloc_fail=1\n");
    VirtualClock clock(dir + "/clock", past_start(), 20);
    Client sub(broker.port(), "energy/kitchen-1/reading");
    Bridge b(dir + "/state", clock, broker.port(), dir + "/faults");
    REQUIRE(b.wait_event("setup_done", 5000));
    uint64_t uart = 0;
    send_line(b, line("229.87", "1.000"), uart);
    CHECK_FALSE(b.wait_event("mqtt connected", 1000));
    CHECK(b.console().find("MQTT buffer of 512 bytes not allocated") != std::string::npos);
    write_file(dir + "/faults", "");
    REQUIRE(b.wait_event("mqtt connected", 10000));
    REQUIRE(sub.wait_count(kReadings, 1, 5000));
  }

  TEST_CASE("NVS power cut in the middle of a seq reservation: old or new value, never a reused seq") {
    Broker broker;
    const std::string dir = temp_dir();
    write_file(dir + "/faults", "");
    VirtualClock clock(dir + "/clock", past_start(), 20);
    Client sub(broker.port(), "energy/kitchen-1/reading");
    uint64_t uart = 0;
    {
      Bridge first(dir + "/state", clock, broker.port(), dir + "/faults");
      REQUIRE(first.wait_event("mqtt connected", 10000));
      send_line(first, line("229.87", "1.000"), uart);  // seq 0, reservation up to 1000
      REQUIRE(sub.wait_count(kReadings, 1, 5000));
    }
    write_file(dir + "/faults", "nvs_powercut=1\n");
    {
      Bridge cut(dir + "/state", clock, broker.port(), dir + "/faults");
      REQUIRE(cut.wait_event("power_cut at=nvs", 5000));
    }
    write_file(dir + "/faults", "");
    Bridge after(dir + "/state", clock, broker.port(), dir + "/faults");
    REQUIRE(after.wait_event("mqtt connected", 10000));  // the settings survived the cut
    uart = 0;
    send_line(after, line("230.00", "2.000"), uart);
    REQUIRE(sub.wait_count(kReadings, 2, 5000));
    ParsedReading r;
    const std::string p = sub.messages(kReadings).back().payload;
    REQUIRE(parse_reading_payload(p.data(), p.size(), r) == ReadingError::None);
    CHECK((r.seq == 1000 || r.seq == 2000));  // the cut kept the old limit (1000) or committed the new one
  }
}
