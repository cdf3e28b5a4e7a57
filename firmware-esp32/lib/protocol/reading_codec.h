// The reading payloads of libs/contracts: the UNO's UART line in, `energy/{id}/reading` out.
// The parser applies the contract's validation (libs/contracts/src/reading.ts, limits.ts), so a
// line the server would refuse never gets a seq: a refused reading would never be acked and would
// sit in the ring, re-sent, for an hour.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "measurement.h"

enum class ReadingError {
  None,
  Malformed,     // not JSON (malformed_json)
  NotObject,     // JSON, but not an object
  ReservedKey,   // top-level `data` or `pattern` (Nest's envelope keys)
  UnknownField,  // including sequence keys in a UART line
  Duplicate,     // a key twice
  WrongType,     // e.g. a string where a number belongs
  Missing,       // Voltage or Current absent
  OutOfRange,    // outside the contract's limits, non-finite, or not an integer where one belongs
  Inconsistent,  // oldest_seq without seq or after it; power_w above apparent_power_va
};

const char* reading_error_name(ReadingError e);

struct ParsedReading {
  bool has_seq = false;
  bool has_oldest_seq = false;
  bool has_ts = false;
  bool has_boot = false;    // UART lines only: the UNO sent `boot` (new firmware)
  uint32_t boot = 0;
  uint64_t seq = 0;         // the contract allows up to 2^53 - 1; this ESP32 sends 32 bits
  uint64_t oldest_seq = 0;
  Measurement m;            // m.ts_ms mirrors ts when has_ts
};

// A line from the UNO (no trailing newline): `boot` and the measurement keys. With both `boot` and
// `energy_wh`, out.meter_boot/meter_mwh carry them (what the payload sends as meter_boot/meter_wh).
ReadingError parse_uart_line(const char* text, size_t len, Measurement& out);
ReadingError parse_uart_line(const char* text, size_t len, ParsedReading& out);
// A payload on energy/{id}/reading, in either contract form (legacy or full).
ReadingError parse_reading_payload(const char* text, size_t len, ParsedReading& out);

// Upper bound of encode_reading()'s output: every field at its widest.
static const size_t kReadingPayloadMax = 256;

// The canonical payload: seq, oldest_seq, ts (when the clock is synced, m.ts_ms != 0), then the
// measurements, then meter_boot and meter_wh (when the UNO sent boot), in the key order and
// decimals of libs/contracts/fixtures/README.md. Absent optional values are left out. Returns the length (no NUL), 0 if cap is too small.
size_t encode_reading(char* out, size_t cap, uint32_t seq, uint32_t oldest_seq, const Measurement& m);
