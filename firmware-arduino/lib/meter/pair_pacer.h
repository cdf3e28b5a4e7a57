// Starts each V+I sample pair on a fixed schedule. Left to itself the loop takes 384-484 us per
// pair depending on the numbers (avr-libc's float maths is data-dependent) and on interrupts, so
// the sampling density follows the waveform's phase: measured in avr8js, that alone read Vrms
// 0.2 % high. Waiting for the next slot of a free-running timer makes every pair the same length,
// which also makes the pair period in PHASE_CAL a constant instead of an average.
#pragma once
#include <stdint.h>

// A free-running 16-bit counter (on the UNO: Timer1 at 250 kHz, wrapping every 262 ms).
struct TickSource {
  virtual uint16_t ticks() = 0;
};

class PairPacer {
 public:
  // period_ticks must be longer than the longest pair (so the schedule holds) and shorter than
  // half the counter's range.
  PairPacer(TickSource& clock, uint16_t period_ticks) : clock_(clock), period_(period_ticks) {}

  // Waits until the next slot. After a pause longer than a slot (the report), the missed slots
  // are skipped and the schedule restarts from now. Returns false when that happened.
  bool wait();

  uint32_t restarts() const { return restarts_; }

 private:
  TickSource& clock_;
  uint16_t period_;
  uint16_t next_ = 0;
  bool started_ = false;
  uint32_t restarts_ = 0;
};
