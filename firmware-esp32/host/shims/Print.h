// Host shim: Arduino's Print (the byte sink behind Serial, PubSubClient's streaming publish).
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "WString.h"

class Print {
 public:
  virtual ~Print() = default;
  virtual size_t write(uint8_t c) = 0;
  virtual size_t write(const uint8_t* buffer, size_t size) {
    size_t n = 0;
    while (size--) n += write(*buffer++);
    return n;
  }
  size_t write(const char* s) { return s ? write(reinterpret_cast<const uint8_t*>(s), strlen(s)) : 0; }
  size_t print(const char* s) { return write(s); }
  size_t print(const String& s) { return write(s.c_str()); }
  size_t print(char c) { return write(static_cast<uint8_t>(c)); }
  size_t print(int v) { return print(String(v)); }
  size_t print(unsigned int v) { return print(String(v)); }
  size_t print(long v) { return print(String(v)); }
  size_t print(unsigned long v) { return print(String(v)); }
  size_t println() { return write("\r\n"); }
  template <typename T>
  size_t println(const T& v) {
    const size_t n = print(v);
    return n + println();
  }
  size_t printf(const char* format, ...) __attribute__((format(printf, 2, 3)));
  virtual void flush() {}
};
