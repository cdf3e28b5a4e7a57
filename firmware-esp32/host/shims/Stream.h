// Host shim: Arduino's Stream (a Print that can also be read).
#pragma once
#include "Print.h"

class Stream : public Print {
 public:
  virtual int available() = 0;
  virtual int read() = 0;
  virtual int peek() = 0;
  void setTimeout(unsigned long ms) { timeout_ms_ = ms; }

 protected:
  unsigned long timeout_ms_ = 1000;
};
