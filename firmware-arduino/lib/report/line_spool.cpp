#include "line_spool.h"

#include <string.h>

bool LineSpool::start(const char* line, size_t len) {
  if (!idle() || len > sizeof(buf_)) return false;
  memcpy(buf_, line, len);
  len_ = len;
  sent_ = 0;
  return true;
}

void LineSpool::drain(ByteSink& sink) {
  if (idle()) return;
  size_t n = sink.room();
  if (n > len_ - sent_) n = len_ - sent_;
  if (n == 0) return;
  sink.write(buf_ + sent_, n);
  sent_ += n;
}
