#include "boot_counter.h"

namespace {
// CRC-8 (polynomial 0x07) started from 0x5A, so neither a blank (0xFF...) nor a zeroed EEPROM
// reads as a valid record.
uint8_t crc8(const uint8_t* bytes, uint8_t len) {
  uint8_t crc = 0x5A;
  for (uint8_t n = 0; n < len; ++n) {
    crc ^= bytes[n];
    for (uint8_t bit = 0; bit < 8; ++bit) crc = static_cast<uint8_t>((crc & 0x80) ? (crc << 1) ^ 0x07 : crc << 1);
  }
  return crc;
}

struct Record {
  bool valid;
  uint32_t value;
};

Record read_record(ByteStore& store, uint16_t addr) {
  uint8_t bytes[kBootRecordBytes];
  for (uint8_t n = 0; n < kBootRecordBytes; ++n) bytes[n] = store.read(static_cast<uint16_t>(addr + n));
  Record r;
  r.valid = crc8(bytes, 4) == bytes[4];
  r.value = static_cast<uint32_t>(bytes[0]) | static_cast<uint32_t>(bytes[1]) << 8 | static_cast<uint32_t>(bytes[2]) << 16 |
            static_cast<uint32_t>(bytes[3]) << 24;
  return r;
}

void write_record(ByteStore& store, uint16_t addr, uint32_t value) {
  uint8_t bytes[kBootRecordBytes] = {static_cast<uint8_t>(value), static_cast<uint8_t>(value >> 8),
                                     static_cast<uint8_t>(value >> 16), static_cast<uint8_t>(value >> 24), 0};
  bytes[4] = crc8(bytes, 4);
  // The CRC goes last: a write cut short leaves a record whose CRC does not match.
  for (uint8_t n = 0; n < kBootRecordBytes; ++n) store.write(static_cast<uint16_t>(addr + n), bytes[n]);
}

// Index (0 or 1) of the newest valid record, or -1.
int8_t newest(const Record (&records)[2]) {
  if (records[0].valid && records[1].valid) return records[1].value > records[0].value ? 1 : 0;
  if (records[0].valid) return 0;
  if (records[1].valid) return 1;
  return -1;
}
}  // namespace

uint32_t stored_boot_counter(ByteStore& store, uint16_t base) {
  const Record records[2] = {read_record(store, base), read_record(store, static_cast<uint16_t>(base + kBootRecordBytes))};
  const int8_t i = newest(records);
  return i < 0 ? 0 : records[i].value;
}

uint32_t advance_boot_counter(ByteStore& store, uint16_t base) {
  const Record records[2] = {read_record(store, base), read_record(store, static_cast<uint16_t>(base + kBootRecordBytes))};
  const int8_t i = newest(records);
  uint32_t boot = (i < 0 ? 0 : records[i].value) + 1;
  if (boot == 0) boot = 1;  // after 4,294,967,295 boots; 0 means "none"
  // Overwrite the older record (record 0 when there is none), keeping the newest intact.
  const uint16_t target = i == 0 ? static_cast<uint16_t>(base + kBootRecordBytes) : base;
  write_record(store, target, boot);
  return boot;
}
