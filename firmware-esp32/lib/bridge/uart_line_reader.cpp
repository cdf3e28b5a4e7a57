#include "uart_line_reader.h"

void UartLineReader::restart() {
  len_ = 0;
  state_ = State::Collecting;
}

bool UartLineReader::push(uint8_t byte) {
  if (complete_) {
    complete_ = false;
    restart();
  }
  if (byte == '\n') {
    const bool ready = state_ == State::Collecting && len_ > 0;
    if (ready) {
      buf_[len_] = '\0';
      stats_.lines++;
      complete_ = true;
    } else {
      restart();  // a discarded line ends here: resynchronised
    }
    return ready;
  }
  if (byte == '\r') return false;  // tolerate CRLF senders
  if (state_ == State::Discarding) {
    // A '{' is a line start even without the newline before it: recover one line earlier.
    if (byte == '{') {
      restart();
      buf_[len_++] = '{';
    }
    return false;
  }
  if (byte < 0x20 || byte > 0x7E) {
    // Framing errors from a wrong baud rate or a floating RX pin show up as these.
    stats_.garbage++;
    state_ = State::Discarding;
    return false;
  }
  if (len_ == 0 && byte != '{') {
    // The tail of a line we joined halfway (ESP32 boot): nothing to recover until the next start.
    stats_.truncated++;
    state_ = State::Discarding;
    return false;
  }
  if (byte == '{' && len_ > 0) {
    // The UNO restarted mid-line (or we joined mid-line): drop the fragment, keep the new line.
    stats_.truncated++;
    len_ = 0;
  }
  if (len_ >= kMaxLine) {
    stats_.overlong++;
    state_ = State::Discarding;
    return false;
  }
  buf_[len_++] = static_cast<char>(byte);
  return false;
}
