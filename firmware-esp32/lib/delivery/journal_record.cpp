#include "journal_record.h"

namespace {
const uint8_t kTypeReading = 1;

void put16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
}
void put32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
void put64(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
uint16_t get16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t get32(const uint8_t* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; i--) v = (v << 8) | p[i];
  return v;
}
uint64_t get64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
  return v;
}
}  // namespace

uint32_t crc32_ieee(const uint8_t* data, size_t len) {
  // Bitwise: 56-byte records at one a second do not need a 1 KB table in RAM.
  uint32_t crc = 0xFFFFFFFFUL;
  for (size_t i = 0; i < len; i++) {
    crc ^= data[i];
    for (int b = 0; b < 8; b++) crc = (crc >> 1) ^ (0xEDB88320UL & (0U - (crc & 1U)));
  }
  return ~crc;
}

void encode_journal_record(uint8_t* out, uint32_t seq, const Measurement& m) {
  out[0] = kTypeReading;
  out[1] = 0;
  put16(out + 2, m.voltage_cv);
  put32(out + 4, seq);
  put64(out + 8, m.ts_ms);
  put64(out + 16, m.energy_mwh);
  put64(out + 24, m.meter_mwh);
  put32(out + 32, m.meter_boot);
  put32(out + 36, m.current_ma);
  put32(out + 40, m.power_dw);
  put32(out + 44, m.apparent_dva);
  put16(out + 48, m.pf_milli);
  put16(out + 50, 0);
  put32(out + 52, crc32_ieee(out, 52));
}

bool decode_journal_record(const uint8_t* in, uint32_t& seq_out, Measurement& m) {
  if (in[0] != kTypeReading || get32(in + 52) != crc32_ieee(in, 52)) return false;
  m.voltage_cv = get16(in + 2);
  seq_out = get32(in + 4);
  m.ts_ms = get64(in + 8);
  m.energy_mwh = get64(in + 16);
  m.meter_mwh = get64(in + 24);
  m.meter_boot = get32(in + 32);
  m.current_ma = get32(in + 36);
  m.power_dw = get32(in + 40);
  m.apparent_dva = get32(in + 44);
  m.pf_milli = get16(in + 48);
  return true;
}
