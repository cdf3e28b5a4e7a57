#include "reading_codec.h"

#include "decimal.h"
#include "json_object.h"

namespace {

// Fields in canonical order with their decimals and contract limits (in scaled units). `boot` is
// the UART line's first key; the ESP32 passes it on as `meter_boot`, at the end of the payload.
enum Field : uint8_t {
  kBoot, kSeq, kOldestSeq, kTs, kVoltage, kCurrent, kPower, kApparent, kPowerFactor, kEnergy, kMeterBoot, kMeterWh, kFieldCount
};

enum class Where : uint8_t { Both, UartOnly, PayloadOnly };

struct FieldSpec {
  const char* key;
  uint8_t decimals;
  uint64_t max_units;
  Where where;  // PayloadOnly: the ESP32's own keys, never in a UART line
};

const FieldSpec kFields[kFieldCount] = {
    {"boot", 0, 4294967295ULL, Where::UartOnly},              // the UNO's EEPROM boot number
    {"seq", 0, 9007199254740991ULL, Where::PayloadOnly},       // Number.MAX_SAFE_INTEGER
    {"oldest_seq", 0, 9007199254740991ULL, Where::PayloadOnly},
    {"ts", 0, 8640000000000000ULL, Where::PayloadOnly},        // the latest JavaScript date
    {"Voltage", 2, 50000ULL, Where::Both},                     // 500 V
    {"Current", 3, 100000ULL, Where::Both},                    // 100 A: milliamps sent as amps land above it
    {"power_w", 1, 500000ULL, Where::Both},                    // 50 kW
    {"apparent_power_va", 1, 500000ULL, Where::Both},
    {"power_factor", 3, 1000ULL, Where::Both},
    {"energy_wh", 3, 1000000000000000ULL, Where::Both},        // 1e12 Wh
    {"meter_boot", 0, 4294967295ULL, Where::PayloadOnly},
    {"meter_wh", 3, 1000000000000000ULL, Where::PayloadOnly},  // 1e12 Wh
};

ReadingError parse(const char* text, size_t len, bool is_payload, ParsedReading& out) {
  out = ParsedReading();
  JsonObjectReader reader(text, len);
  JsonMember member;
  uint64_t units[kFieldCount] = {};
  uint16_t seen = 0;
  ReadingError field_error = ReadingError::None;
  bool reserved = false;

  while (reader.next(member)) {
    if (member.key_is("data") || member.key_is("pattern")) {
      reserved = true;
      continue;
    }
    int field = -1;
    for (int f = 0; f < kFieldCount; f++)
      if (member.key_is(kFields[f].key) && kFields[f].where != (is_payload ? Where::UartOnly : Where::PayloadOnly)) field = f;
    // Keep reading after a field error: a syntax error later must still win (as JSON.parse would).
    if (field_error != ReadingError::None) continue;
    if (field < 0) {
      field_error = ReadingError::UnknownField;
      continue;
    }
    if (seen & (1u << field)) {
      field_error = ReadingError::Duplicate;
      continue;
    }
    seen |= static_cast<uint16_t>(1u << field);
    if (member.type != JsonType::Number) {
      field_error = ReadingError::WrongType;
      continue;
    }
    ScaledNumber n;
    const NumberStatus status = parse_scaled(member.value, member.value_len, kFields[field].decimals, n);
    if (status == NumberStatus::NotANumber) return ReadingError::Malformed;
    const bool integer_field = kFields[field].decimals == 0;
    if (status == NumberStatus::TooLarge || (n.negative && n.units) || n.units > kFields[field].max_units ||
        (integer_field && !n.exact)) {
      field_error = ReadingError::OutOfRange;
      continue;
    }
    units[field] = n.units;
  }
  if (reader.error()) return reader.is_object() ? ReadingError::Malformed : (len && (text[0] == '[' || text[0] == '"') ? ReadingError::NotObject : ReadingError::Malformed);
  if (reserved) return ReadingError::ReservedKey;
  if (field_error != ReadingError::None) return field_error;
  if (!(seen & (1u << kVoltage)) || !(seen & (1u << kCurrent))) return ReadingError::Missing;

  const auto has = [&](Field f) { return (seen & (1u << f)) != 0; };
  if (has(kOldestSeq) && (!has(kSeq) || units[kOldestSeq] > units[kSeq])) return ReadingError::Inconsistent;
  // The contract's tolerance: power_w <= apparent_power_va * 1.05 + 1, in tenths of W/VA.
  if (has(kPower) && has(kApparent) && units[kPower] * 20 > units[kApparent] * 21 + 200) return ReadingError::Inconsistent;
  // meter_boot and meter_wh travel together: one without the other cannot be booked.
  if (has(kMeterBoot) != has(kMeterWh)) return ReadingError::Inconsistent;

  out.has_seq = has(kSeq);
  out.has_oldest_seq = has(kOldestSeq);
  out.has_ts = has(kTs);
  out.seq = units[kSeq];
  out.oldest_seq = units[kOldestSeq];
  Measurement& m = out.m;
  m.ts_ms = units[kTs];
  m.voltage_cv = static_cast<uint16_t>(units[kVoltage]);
  m.current_ma = static_cast<uint32_t>(units[kCurrent]);
  if (has(kPower)) m.power_dw = static_cast<uint32_t>(units[kPower]);
  if (has(kApparent)) m.apparent_dva = static_cast<uint32_t>(units[kApparent]);
  if (has(kPowerFactor)) m.pf_milli = static_cast<uint16_t>(units[kPowerFactor]);
  if (has(kEnergy)) m.energy_mwh = units[kEnergy];
  if (has(kMeterWh)) {
    m.meter_boot = static_cast<uint32_t>(units[kMeterBoot]);
    m.meter_mwh = units[kMeterWh];
  }
  // A UART line's boot and energy_wh are what the payload calls meter_boot and meter_wh.
  if (has(kBoot) && has(kEnergy)) {
    m.meter_boot = static_cast<uint32_t>(units[kBoot]);
    m.meter_mwh = units[kEnergy];
  }
  out.has_boot = has(kBoot);
  out.boot = static_cast<uint32_t>(units[kBoot]);
  return ReadingError::None;
}

}  // namespace

const char* reading_error_name(ReadingError e) {
  switch (e) {
    case ReadingError::None: return "none";
    case ReadingError::Malformed: return "malformed";
    case ReadingError::NotObject: return "not_object";
    case ReadingError::ReservedKey: return "reserved_key";
    case ReadingError::UnknownField: return "unknown_field";
    case ReadingError::Duplicate: return "duplicate";
    case ReadingError::WrongType: return "wrong_type";
    case ReadingError::Missing: return "missing";
    case ReadingError::OutOfRange: return "out_of_range";
    case ReadingError::Inconsistent: return "inconsistent";
  }
  return "?";
}

ReadingError parse_uart_line(const char* text, size_t len, Measurement& out) {
  ParsedReading parsed;
  const ReadingError e = parse(text, len, false, parsed);
  if (e == ReadingError::None) out = parsed.m;
  return e;
}

ReadingError parse_uart_line(const char* text, size_t len, ParsedReading& out) { return parse(text, len, false, out); }

ReadingError parse_reading_payload(const char* text, size_t len, ParsedReading& out) {
  return parse(text, len, true, out);
}

size_t encode_reading(char* out, size_t cap, uint32_t seq, uint32_t oldest_seq, const Measurement& m) {
  const char* end = out + cap;
  char* p = out;
  p = put_text(p, end, "{\"seq\":");
  p = put_scaled(p, end, seq, 0);
  p = put_text(p, end, ",\"oldest_seq\":");
  p = put_scaled(p, end, oldest_seq, 0);
  if (m.ts_ms) {
    p = put_text(p, end, ",\"ts\":");
    p = put_scaled(p, end, m.ts_ms, 0);
  }
  p = put_text(p, end, ",\"Voltage\":");
  p = put_scaled(p, end, m.voltage_cv, 2);
  p = put_text(p, end, ",\"Current\":");
  p = put_scaled(p, end, m.current_ma, 3);
  if (m.power_dw != Measurement::kAbsent32) {
    p = put_text(p, end, ",\"power_w\":");
    p = put_scaled(p, end, m.power_dw, 1);
  }
  if (m.apparent_dva != Measurement::kAbsent32) {
    p = put_text(p, end, ",\"apparent_power_va\":");
    p = put_scaled(p, end, m.apparent_dva, 1);
  }
  if (m.pf_milli != Measurement::kAbsent16) {
    p = put_text(p, end, ",\"power_factor\":");
    p = put_scaled(p, end, m.pf_milli, 3);
  }
  if (m.energy_mwh != Measurement::kAbsent64) {
    p = put_text(p, end, ",\"energy_wh\":");
    p = put_scaled(p, end, m.energy_mwh, 3);
  }
  if (m.has_meter()) {
    p = put_text(p, end, ",\"meter_boot\":");
    p = put_scaled(p, end, m.meter_boot, 0);
    p = put_text(p, end, ",\"meter_wh\":");
    p = put_scaled(p, end, m.meter_mwh, 3);
  }
  p = put_text(p, end, "}");
  return p ? static_cast<size_t>(p - out) : 0;
}
