#include "backoff.h"

Backoff::Backoff(uint32_t base_ms, uint32_t cap_ms, RandomSource& random) : base_ms_(base_ms), cap_ms_(cap_ms), random_(random) {}

uint32_t Backoff::next_delay_ms() {
  uint32_t ceiling = base_ms_;
  for (uint32_t i = 0; i < attempts_ && ceiling < cap_ms_; i++) ceiling = ceiling > cap_ms_ / 2 ? cap_ms_ : ceiling * 2;
  if (ceiling > cap_ms_) ceiling = cap_ms_;
  if (attempts_ < 0xFFFF) attempts_++;
  const uint32_t half = ceiling / 2;
  return half + random_.next() % (ceiling - half + 1);
}
