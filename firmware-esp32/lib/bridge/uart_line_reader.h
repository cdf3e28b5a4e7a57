// Splits the UNO's byte stream into lines and survives what a UART delivers in practice: a partial
// line at boot, a UNO reset mid-line, baud noise (bytes outside printable ASCII), and lines that
// never end. A bad line is dropped and counted; the reader resynchronises at the next newline, or
// at the next '{' (a valid line holds exactly one, at its start).
#pragma once
#include <stddef.h>
#include <stdint.h>

struct UartLineStats {
  uint32_t lines = 0;      // complete clean lines handed out
  uint32_t garbage = 0;    // dropped: a byte that cannot be in a line
  uint32_t overlong = 0;   // dropped: longer than the buffer
  uint32_t truncated = 0;  // dropped: a new line started before this one ended
};

class UartLineReader {
 public:
  // Longest line accepted, without the newline. The widest valid UNO line is ~130 bytes.
  static const size_t kMaxLine = 192;

  // Feeds one byte. True when a complete, clean line is ready in line()/length(); it stays valid
  // until the next push().
  bool push(uint8_t byte);

  const char* line() const { return buf_; }
  size_t length() const { return len_; }
  const UartLineStats& stats() const { return stats_; }

 private:
  enum class State : uint8_t { Collecting, Discarding };
  void restart();

  char buf_[kMaxLine + 1];
  size_t len_ = 0;
  State state_ = State::Collecting;
  bool complete_ = false;  // the previous push returned a line: clear before collecting
  UartLineStats stats_;
};
