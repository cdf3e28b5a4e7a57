// The UNO's boot number: a uint32 kept in EEPROM, read at power-up, incremented and written back
// once per boot. It goes into every UART line as "boot", so the services can tell "the meter
// restarted, its energy_wh counts from 0 again" from "the ESP32 restarted" or "a reading was lost".
//
// Two copies (A/B records, each 4 bytes little-endian + a CRC-8) are written alternately, so a
// power cut in the middle of the ~17 ms write (mains cuts come in bursts) leaves the other record
// intact: the next boot still counts up from it. Each record is written every other boot, so the
// 100k-cycle EEPROM endurance lasts 200k boots. A blank EEPROM (all 0xFF) holds no valid record
// and starts at boot 1.
#pragma once
#include <stdint.h>

// Where the records live (on the UNO: the ATmega328P's EEPROM through avr-libc).
struct ByteStore {
  virtual uint8_t read(uint16_t addr) = 0;
  virtual void write(uint16_t addr, uint8_t value) = 0;
};

// Bytes one record takes; the two records use 2 * kBootRecordBytes bytes from `base`.
static const uint16_t kBootRecordBytes = 5;

// Reads the highest valid record, adds 1, writes it over the other record, returns the new
// number (>= 1). Call once per power-up.
uint32_t advance_boot_counter(ByteStore& store, uint16_t base = 0);

// The newest boot number stored, 0 if none is valid (what the next boot will add 1 to).
uint32_t stored_boot_counter(ByteStore& store, uint16_t base = 0);
