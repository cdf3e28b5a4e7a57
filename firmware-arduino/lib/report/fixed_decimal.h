// Fixed-decimal number formatting without printf("%f") (avr-libc's printf has no float support by
// default, and dtostrf is AVR-only) and without String: writes into a caller's buffer.
#pragma once
#include <stddef.h>
#include <stdint.h>

// Writes value rounded half away from zero to `decimals` places (0..5). Values beyond +-2e9 units
// of the last place are clamped. Returns the new write position, or nullptr if it would not fit.
char* put_fixed(char* out, const char* end, float value, uint8_t decimals);

// Writes an unsigned integer; returns the new write position or nullptr.
char* put_uint(char* out, const char* end, uint32_t value);

// Copies a NUL-terminated literal; returns the new write position or nullptr.
char* put_text(char* out, const char* end, const char* text);
