// One contract, checked on this side too: the ESP32 encoder reproduces the golden payloads of
// libs/contracts/fixtures byte for byte, and its parser reads every fixture the way the manifest
// says: valid ones to their values, invalid ones refused with the same code.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <string>

#include "reading_codec.h"
#include "support/contract_fixtures.h"

namespace {
uint64_t units(const fixtures::Case& c, const char* key, int decimals) {
  return static_cast<uint64_t>(std::llround(c.value(key) * std::pow(10.0, decimals)));
}

Measurement from_manifest(const fixtures::Case& c) {
  Measurement m;
  if (c.has("ts")) m.ts_ms = units(c, "ts", 0);
  m.voltage_cv = static_cast<uint16_t>(units(c, "Voltage", 2));
  m.current_ma = static_cast<uint32_t>(units(c, "Current", 3));
  if (c.has("power_w")) m.power_dw = static_cast<uint32_t>(units(c, "power_w", 1));
  if (c.has("apparent_power_va")) m.apparent_dva = static_cast<uint32_t>(units(c, "apparent_power_va", 1));
  if (c.has("power_factor")) m.pf_milli = static_cast<uint16_t>(units(c, "power_factor", 3));
  if (c.has("energy_wh")) m.energy_mwh = units(c, "energy_wh", 3);
  if (c.has("meter_wh")) {
    m.meter_boot = static_cast<uint32_t>(units(c, "meter_boot", 0));
    m.meter_mwh = units(c, "meter_wh", 3);
  }
  return m;
}

// Each parsed value, as a double, must equal the manifest's.
void check_values(const fixtures::Case& c, const ParsedReading& r) {
  const Measurement& m = r.m;
  CHECK(m.voltage_cv / 100.0 == doctest::Approx(c.value("Voltage")).epsilon(1e-12));
  CHECK(m.current_ma / 1000.0 == doctest::Approx(c.value("Current")).epsilon(1e-12));
  CHECK(r.has_seq == c.has("seq"));
  CHECK(r.has_oldest_seq == c.has("oldest_seq"));
  CHECK(r.has_ts == c.has("ts"));
  if (c.has("seq")) CHECK(r.seq == units(c, "seq", 0));
  if (c.has("oldest_seq")) CHECK(r.oldest_seq == units(c, "oldest_seq", 0));
  if (c.has("ts")) CHECK(m.ts_ms == units(c, "ts", 0));
  CHECK((m.power_dw != Measurement::kAbsent32) == c.has("power_w"));
  if (c.has("power_w")) CHECK(m.power_dw == units(c, "power_w", 1));
  if (c.has("apparent_power_va")) CHECK(m.apparent_dva == units(c, "apparent_power_va", 1));
  if (c.has("power_factor")) CHECK(m.pf_milli == units(c, "power_factor", 3));
  CHECK((m.energy_mwh != Measurement::kAbsent64) == c.has("energy_wh"));
  if (c.has("energy_wh")) CHECK(m.energy_mwh == units(c, "energy_wh", 3));
  // A payload's meter_boot/meter_wh, or a UART line's boot with its energy_wh.
  const bool meter = c.has("meter_wh") || (c.has("boot") && c.has("energy_wh"));
  CHECK(m.has_meter() == meter);
  if (c.has("meter_wh")) {
    CHECK(m.meter_boot == units(c, "meter_boot", 0));
    CHECK(m.meter_mwh == units(c, "meter_wh", 3));
  }
  if (c.has("boot") && c.has("energy_wh")) {
    CHECK(m.meter_boot == units(c, "boot", 0));
    CHECK(m.meter_mwh == units(c, "energy_wh", 3));
  }
}

const char* contract_code(ReadingError e) {
  switch (e) {
    case ReadingError::None: return "";
    case ReadingError::Malformed: return "malformed_json";
    case ReadingError::ReservedKey: return "reserved_key";
    default: return "invalid_field";
  }
}
}  // namespace

TEST_CASE("the encoder produces the golden ESP32 payloads byte for byte") {
  int checked = 0;
  for (const fixtures::Case& c : fixtures::load("reading/valid/")) {
    if (!c.has("seq") || !c.has("energy_wh")) continue;  // the seed's legacy form is not ours to produce
    CAPTURE(c.file);
    char out[kReadingPayloadMax];
    const size_t len = encode_reading(out, sizeof out, static_cast<uint32_t>(units(c, "seq", 0)),
                                      static_cast<uint32_t>(units(c, "oldest_seq", 0)), from_manifest(c));
    REQUIRE(len > 0);
    CHECK(std::string(out, len) == c.payload);
    checked++;
  }
  CHECK(checked == 3);  // full.json, full-no-clock.json (with meter keys), max-seq-uint32.json (without)
}

TEST_CASE("every valid reading fixture parses back to the manifest values") {
  for (const fixtures::Case& c : fixtures::load("reading/valid/")) {
    CAPTURE(c.file);
    ParsedReading r;
    REQUIRE(parse_reading_payload(c.payload.data(), c.payload.size(), r) == ReadingError::None);
    check_values(c, r);
  }
}

TEST_CASE("every invalid reading fixture is refused, with the manifest's code") {
  int refused = 0;
  for (const fixtures::Case& c : fixtures::load("reading/invalid/")) {
    CAPTURE(c.file);
    ParsedReading r;
    const ReadingError e = parse_reading_payload(c.payload.data(), c.payload.size(), r);
    CAPTURE(reading_error_name(e));
    CHECK(e != ReadingError::None);
    CHECK(std::string(contract_code(e)) == c.code);
    // The UART side must refuse them too: none may ever get a seq.
    Measurement m;
    CHECK(parse_uart_line(c.payload.data(), c.payload.size(), m) != ReadingError::None);
    refused++;
  }
  CHECK(refused >= 16);
}

TEST_CASE("the UNO's lines parse to the manifest values; the kettle line wraps into full.json") {
  for (const fixtures::Case& c : fixtures::load("uart/")) {
    CAPTURE(c.file);
    ParsedReading r;
    REQUIRE(parse_uart_line(c.payload.data(), c.payload.size(), r.m) == ReadingError::None);
    check_values(c, r);
  }
  const std::string kettle = fixtures::read_file("uart/valid/kettle.jsonl");
  Measurement m;
  REQUIRE(parse_uart_line(kettle.data(), kettle.size(), m) == ReadingError::None);
  m.ts_ms = 1764223200123ULL;
  char out[kReadingPayloadMax];
  const size_t len = encode_reading(out, sizeof out, 42, 40, m);
  CHECK(std::string(out, len) == fixtures::read_file("reading/valid/full.json"));
}

TEST_CASE("the no-boot UNO line of old firmware: accepted, published without meter keys") {
  const std::string line = fixtures::read_file("uart/valid/no-boot.jsonl");
  ParsedReading r;
  REQUIRE(parse_uart_line(line.data(), line.size(), r) == ReadingError::None);
  CHECK_FALSE(r.has_boot);
  CHECK_FALSE(r.m.has_meter());
  char out[kReadingPayloadMax];
  const size_t len = encode_reading(out, sizeof out, 1, 1, r.m);
  CHECK(std::string(out, len).find("meter") == std::string::npos);
}

TEST_CASE("meter_boot and meter_wh: payload-only, and only together") {
  ParsedReading r;
  Measurement m;
  for (const char* one : {R"({"Voltage":230.00,"Current":1.000,"meter_boot":7})", R"({"Voltage":230.00,"Current":1.000,"meter_wh":1.000})"}) {
    CAPTURE(one);
    CHECK(parse_reading_payload(one, std::strlen(one), r) == ReadingError::Inconsistent);
  }
  const char* both = R"({"Voltage":230.00,"Current":1.000,"meter_boot":4294967295,"meter_wh":1000000000000.000})";
  REQUIRE(parse_reading_payload(both, std::strlen(both), r) == ReadingError::None);
  CHECK(r.m.meter_boot == 4294967295UL);
  CHECK(r.m.meter_mwh == 1000000000000000ULL);
  const char* too_big = R"({"Voltage":230.00,"Current":1.000,"meter_boot":4294967296,"meter_wh":1.000})";
  CHECK(parse_reading_payload(too_big, std::strlen(too_big), r) == ReadingError::OutOfRange);
  const char* in_line = R"({"Voltage":230.00,"Current":1.000,"meter_boot":7,"meter_wh":1.000})";
  CHECK(parse_uart_line(in_line, std::strlen(in_line), m) == ReadingError::UnknownField);
  const char* boot_in_payload = R"({"boot":7,"Voltage":230.00,"Current":1.000})";
  CHECK(parse_reading_payload(boot_in_payload, std::strlen(boot_in_payload), r) == ReadingError::UnknownField);
  const char* fractional_boot = R"({"boot":7.5,"Voltage":230.00,"Current":1.000})";
  CHECK(parse_uart_line(fractional_boot, std::strlen(fractional_boot), m) == ReadingError::OutOfRange);
}

TEST_CASE("a UART line may not carry the ESP32's own keys, nor repeat one") {
  Measurement m;
  const std::string with_seq = R"({"seq":1,"Voltage":230.00,"Current":1.000})";
  CHECK(parse_uart_line(with_seq.data(), with_seq.size(), m) == ReadingError::UnknownField);
  const std::string twice = R"({"Voltage":230.00,"Current":1.000,"Current":2.000})";
  CHECK(parse_uart_line(twice.data(), twice.size(), m) == ReadingError::Duplicate);
}

TEST_CASE("the widest payload fits kReadingPayloadMax") {
  Measurement m;
  m.ts_ms = 8640000000000000ULL;
  m.voltage_cv = 50000;
  m.current_ma = 100000;
  m.power_dw = m.apparent_dva = 500000;
  m.pf_milli = 1000;
  m.energy_mwh = 1000000000000000ULL;
  m.meter_boot = 4294967295UL;
  m.meter_mwh = 1000000000000000ULL;
  char out[kReadingPayloadMax];
  const size_t len = encode_reading(out, sizeof out, 4294967295UL, 4294967295UL, m);
  REQUIRE(len > 0);
  CHECK(len > 200);  // the old 200-byte bound no longer holds it
  ParsedReading r;
  CHECK(parse_reading_payload(out, len, r) == ReadingError::None);
  CHECK(encode_reading(out, 100, 1, 1, m) == 0);
}
