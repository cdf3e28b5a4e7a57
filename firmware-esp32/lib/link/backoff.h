// Exponential backoff with "equal jitter": the n-th retry waits a random time in [d/2, d] with
// d = min(cap, base * 2^n). The random half spreads a fleet that lost the broker at the same
// moment; the fixed half keeps any single device from hammering it.
#pragma once
#include <stdint.h>

struct RandomSource {
  virtual uint32_t next() = 0;  // uniform 32-bit (esp_random() on the ESP32)
};

class Backoff {
 public:
  Backoff(uint32_t base_ms, uint32_t cap_ms, RandomSource& random);

  // The wait before the next attempt; each call doubles the ceiling up to the cap.
  uint32_t next_delay_ms();
  // After a success: the next failure starts from base again.
  void reset() { attempts_ = 0; }
  uint32_t attempts() const { return attempts_; }

 private:
  uint32_t base_ms_;
  uint32_t cap_ms_;
  RandomSource& random_;
  uint32_t attempts_ = 0;
};
