// Hands a line to the UART a few bytes at a time. A 130-byte line takes 135 ms at 9600 baud and
// the UNO's TX buffer holds 64 bytes, so a plain Serial.print would block loop() (and sampling)
// for ~70 ms every second. The spool writes only what fits, never waits.
#pragma once
#include <stddef.h>

#include "uart_line.h"

// Where the bytes go: on the UNO, Serial (room() = Serial.availableForWrite()).
struct ByteSink {
  virtual size_t room() = 0;
  virtual void write(const char* data, size_t len) = 0;
};

class LineSpool {
 public:
  bool idle() const { return sent_ == len_; }
  // Takes a copy of the line. Refuses (returns false) while the previous one is still draining.
  bool start(const char* line, size_t len);
  void drain(ByteSink& sink);

 private:
  char buf_[kUartLineMax];
  size_t len_ = 0;
  size_t sent_ = 0;
};
