// The UNO's line encoder against the shared golden fixtures, and the non-blocking spool.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "fixed_decimal.h"
#include "line_spool.h"
#include "support/contract_fixtures.h"
#include "uart_line.h"

namespace {
std::string fixed(float v, uint8_t decimals) {
  char buf[24];
  char* end = put_fixed(buf, buf + sizeof buf, v, decimals);
  REQUIRE(end != nullptr);
  return std::string(buf, end);
}
}  // namespace

TEST_CASE("fixed decimals: rounding, zero padding, no -0, no NaN") {
  CHECK(fixed(229.87f, 2) == "229.87");
  CHECK(fixed(1.4234f, 3) == "1.423");
  CHECK(fixed(1.4236f, 3) == "1.424");
  CHECK(fixed(0.05f, 1) == "0.1");
  CHECK(fixed(0.0f, 3) == "0.000");
  CHECK(fixed(0.973f, 3) == "0.973");
  CHECK(fixed(0.007f, 3) == "0.007");
  CHECK(fixed(-0.0001f, 3) == "0.000");
  CHECK(fixed(-2.5f, 1) == "-2.5");
  CHECK(fixed(std::nanf(""), 2) == "0.00");
  CHECK(fixed(230.0f, 0) == "230");
  CHECK(fixed(0.999987f, 5) == "0.99999");
  CHECK(fixed(-1.23456f, 5) == "-1.23456");
  char tiny[4];
  CHECK(put_fixed(tiny, tiny + sizeof tiny, 229.87f, 2) == nullptr);
  char wide[24];
  CHECK(put_fixed(wide, wide + sizeof wide, 1.0f, 6) == nullptr);
}

TEST_CASE("the UNO encoder produces every uart fixture byte for byte, and it parses back to the manifest values") {
  int encoded = 0;
  for (const fixtures::Case& c : fixtures::load("uart/")) {
    CAPTURE(c.file);
    if (!c.has("boot")) continue;  // lines of older UNO firmware, for the ESP32's parser
    encoded++;
    PowerReading r;
    r.vrms_v = static_cast<float>(c.value("Voltage"));
    r.irms_a = static_cast<float>(c.value("Current"));
    r.power_w = static_cast<float>(c.value("power_w"));
    r.apparent_power_va = static_cast<float>(c.value("apparent_power_va"));
    r.power_factor = static_cast<float>(c.value("power_factor"));
    const long long energy_mwh = std::llround(c.value("energy_wh") * 1000.0);
    const EnergyTotal energy = {static_cast<uint32_t>(energy_mwh / 1000), static_cast<uint16_t>(energy_mwh % 1000)};

    char line[kUartLineMax];
    const size_t len = encode_uart_line(line, sizeof line, static_cast<uint32_t>(c.value("boot")), r, energy);
    REQUIRE(len > 0);
    CHECK(std::string(line, len) == c.payload + "\n");  // the wire adds "\n"

    const fixtures::Json parsed = fixtures::parse_json(std::string(line, len - 1));
    REQUIRE(parsed.members.size() == c.values.size());
    for (size_t k = 0; k < c.values.size(); ++k) {
      CHECK(parsed.members[k].first == c.values[k].first);  // key order too
      CHECK(parsed.members[k].second.number == c.values[k].second);
    }
  }
  CHECK(encoded >= 3);
}

TEST_CASE("boot is the first key, as a plain integer") {
  PowerReading r;
  char line[kUartLineMax];
  const size_t len = encode_uart_line(line, sizeof line, 42, r, EnergyTotal{0, 0});
  CHECK(std::string(line, len).rfind("{\"boot\":42,\"Voltage\":0.00,", 0) == 0);
}

TEST_CASE("the widest possible line fits kUartLineMax; a short buffer is refused, not overrun") {
  PowerReading r;
  r.vrms_v = 500.0f;
  r.irms_a = 100.0f;
  r.power_w = 50000.0f;
  r.apparent_power_va = 50000.0f;
  r.power_factor = 1.0f;
  char line[kUartLineMax];
  CHECK(encode_uart_line(line, sizeof line, 4294967295UL, r, EnergyTotal{4294967295UL, 999}) > 0);
  CHECK(encode_uart_line(line, 40, 1, r, EnergyTotal{0, 0}) == 0);
}

namespace {
struct SlowUart : ByteSink {
  size_t free_bytes = 0;
  std::string wire;
  size_t room() override { return free_bytes; }
  void write(const char* data, size_t len) override {
    REQUIRE(len <= free_bytes);
    wire.append(data, len);
    free_bytes -= len;
  }
};
}  // namespace

TEST_CASE("the spool writes only what the UART can take and never blocks") {
  LineSpool spool;
  SlowUart uart;
  const std::string line = std::string(130, 'x') + "\n";
  REQUIRE(spool.start(line.data(), line.size()));
  CHECK_FALSE(spool.start("y\n", 2));  // busy: the caller skips, nothing is interleaved
  int polls = 0;
  while (!spool.idle() && polls < 1000) {
    uart.free_bytes = 7;  // a few bytes leave the 64-byte TX buffer between polls
    spool.drain(uart);
    polls++;
  }
  CHECK(uart.wire == line);
  CHECK(polls == 19);
  CHECK(spool.start("y\n", 2));
}
