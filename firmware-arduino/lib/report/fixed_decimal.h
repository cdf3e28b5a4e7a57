// Fixed-decimal number formatting without printf("%f") (avr-libc's printf has no float support by
// default, and dtostrf is AVR-only) and without String: writes into a caller's buffer.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "text_writer.h"  // put_text, put_uint (firmware-common)

// Writes value rounded half away from zero to `decimals` places (0..5). Values beyond +-2e9 units
// of the last place are clamped. Returns the new write position, or nullptr if it would not fit.
char* put_fixed(char* out, const char* end, float value, uint8_t decimals);
