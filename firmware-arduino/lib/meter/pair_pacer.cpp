#include "pair_pacer.h"

bool PairPacer::wait() {
  uint16_t now = clock_.ticks();
  if (!started_) {
    started_ = true;
    next_ = now;
    return true;
  }
  next_ += period_;
  // Signed difference: correct across the counter's wrap.
  const int16_t late = static_cast<int16_t>(now - next_);
  if (late > static_cast<int16_t>(period_)) {
    next_ = now;
    restarts_++;
    return false;
  }
  while (static_cast<int16_t>(now - next_) < 0) now = clock_.ticks();
  return true;
}
