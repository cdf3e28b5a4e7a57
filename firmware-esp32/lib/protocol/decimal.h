// Exact decimal <-> fixed-point conversion for the wire format. Parsing the text digit by digit
// (instead of strtod and a multiply) means "229.87" becomes exactly 22987 on every platform.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "text_writer.h"  // put_text, put_uint (firmware-common)

struct ScaledNumber {
  bool negative = false;
  uint64_t units = 0;  // |value| * 10^decimals, rounded half up
  bool exact = true;   // no non-zero digit was rounded away
};

enum class NumberStatus { Ok, NotANumber, TooLarge };

// Parses one JSON number (strict grammar: no leading '+', no leading zeros, no "NaN", no
// "Infinity", exponents allowed) scaled to `decimals` places. TooLarge above 2^63 units.
NumberStatus parse_scaled(const char* text, size_t len, uint8_t decimals, ScaledNumber& out);

// Writes units / 10^decimals with exactly `decimals` places. Returns the end, nullptr if full.
char* put_scaled(char* out, const char* end, uint64_t units, uint8_t decimals);
