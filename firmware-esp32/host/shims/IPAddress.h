// Host shim: Arduino's IPAddress (IPv4 only, as PubSubClient uses it).
#pragma once
#include <stdint.h>

#include "WString.h"

class IPAddress {
 public:
  IPAddress() : a_{0, 0, 0, 0} {}
  IPAddress(uint8_t a, uint8_t b, uint8_t c, uint8_t d) : a_{a, b, c, d} {}
  uint8_t operator[](int i) const { return a_[i & 3]; }
  String toString() const {
    return String(static_cast<unsigned int>(a_[0])) + "." + String(static_cast<unsigned int>(a_[1])) + "." +
           String(static_cast<unsigned int>(a_[2])) + "." + String(static_cast<unsigned int>(a_[3]));
  }

 private:
  uint8_t a_[4];
};
