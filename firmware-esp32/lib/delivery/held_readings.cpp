#include "held_readings.h"

#include "seq_math.h"

bool HeldReadings::journaled(uint32_t seq) const { return journaled_valid_ && seq_at_or_before(seq, journaled_through_); }

bool HeldReadings::fully_journaled() const { return ram_.empty() || journaled(ram_.newest_seq()); }

bool HeldReadings::spill() {
  if (fully_journaled()) return true;
  if (!journal_.enabled()) return false;
  const uint32_t from = journaled(ram_.oldest_seq()) ? journaled_through_ + 1 : ram_.oldest_seq();
  const uint32_t n = static_cast<uint32_t>(seq_distance(from, ram_.next_seq()));
  const uint32_t written = journal_.append(ram_, from, n);
  if (written > 0) {
    journaled_valid_ = true;
    journaled_through_ = from + written - 1;
  }
  return written == n;
}

void HeldReadings::push(uint32_t seq, const Measurement& m, bool journal_now) {
  if (ram_.empty()) journaled_valid_ = false;  // a new run: nothing of it is in flash yet
  if (ram_.full() && ram_.capacity() > 0) {
    // Make room: the oldest RAM reading may go once it is in flash; ReadingRing::push drops it
    // (counted) only when flash cannot take it.
    if (!journaled(ram_.oldest_seq())) spill();
    if (journaled(ram_.oldest_seq())) ram_.pop_front();
  }
  ram_.push(seq, m);
  if (journal_now) spill();
}

uint32_t HeldReadings::oldest_seq() const {
  if (journal_.empty()) return ram_.oldest_seq();
  if (ram_.empty()) return journal_.oldest_seq();
  return seq_before(journal_.oldest_seq(), ram_.oldest_seq()) ? journal_.oldest_seq() : ram_.oldest_seq();
}

uint32_t HeldReadings::next_seq() const {
  if (!ram_.empty() || journal_.empty()) return ram_.next_seq();
  return journal_.newest_seq() + 1;
}

uint32_t HeldReadings::next_held(uint32_t seq) const {
  uint32_t best = next_seq();
  bool found = false;
  uint32_t j;
  if (journal_.next_held(seq, j)) best = j, found = true;
  if (!ram_.empty() && seq_before(seq, ram_.next_seq())) {
    const uint32_t r = ram_.next_held(seq);
    if (!found || seq_before(r, best)) best = r;
  }
  return best;
}

uint32_t HeldReadings::size() const {
  if (ram_.empty()) return journal_.size();
  return journal_.count_before(ram_.oldest_seq()) + ram_.size();
}

uint32_t HeldReadings::ack_through(uint32_t ack_seq) {
  const uint32_t before = size();
  ram_.ack_through(ack_seq);
  journal_.ack_through(ack_seq);
  const uint32_t after = size();
  return before > after ? before - after : 0;
}

bool HeldReadings::read(uint32_t seq, Measurement& out) const { return ram_.read(seq, out) || journal_.read(seq, out); }
