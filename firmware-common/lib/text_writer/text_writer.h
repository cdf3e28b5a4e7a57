// Writing text into a caller's buffer without printf or String, shared by both firmwares (the UNO's
// UART line, the ESP32's MQTT payloads). Every writer takes the write position and the buffer's end,
// returns the new position, and returns nullptr once anything does not fit (and passes a nullptr on),
// so a chain of writes needs one check at its end.
#pragma once
#include <stddef.h>
#include <stdint.h>

// Copies a NUL-terminated literal; returns the new write position or nullptr.
char* put_text(char* out, const char* end, const char* text);

// Writes an unsigned integer in decimal; returns the new write position or nullptr.
char* put_uint(char* out, const char* end, uint32_t value);
