#include "text_writer.h"

char* put_text(char* out, const char* end, const char* text) {
  if (!out) return nullptr;
  while (*text) {
    if (out >= end) return nullptr;
    *out++ = *text++;
  }
  return out;
}

char* put_uint(char* out, const char* end, uint32_t value) {
  if (!out) return nullptr;
  char digits[10];
  uint8_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value);
  if (end - out < n) return nullptr;
  while (n) *out++ = digits[--n];
  return out;
}
