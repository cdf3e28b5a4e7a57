// Every reading stays here, in RAM, until an ack covers its seq. Seqs in the ring are contiguous
// (oldest_seq() .. next_seq()-1), so a reading is found by arithmetic, not search. When the ring is
// full the oldest reading is dropped and counted: after an outage longer than the ring, the most
// recent hour is worth more than the first (docs/hardware.md).
#pragma once
#include <stdint.h>

#include "measurement.h"

class ReadingRing {
 public:
  // storage: capacity slots owned by the caller (a static array on the ESP32).
  ReadingRing(Measurement* storage, uint32_t capacity);

  // Stores a reading under seq. seq must be next_seq() unless the ring is empty (the seq counter
  // lives in SeqAllocator, which may jump after a reboot).
  bool push(uint32_t seq, const Measurement& m);

  // Drops every reading with seq at or before ack_seq (wrap-safe). Returns how many.
  uint32_t ack_through(uint32_t ack_seq);

  // nullptr unless seq is held.
  const Measurement* find(uint32_t seq) const;

  bool empty() const { return count_ == 0; }
  uint32_t size() const { return count_; }
  uint32_t capacity() const { return capacity_; }
  uint32_t oldest_seq() const { return oldest_seq_; }          // meaningful when !empty()
  uint32_t next_seq() const { return oldest_seq_ + count_; }   // wraps after 4294967295
  uint32_t newest_seq() const { return next_seq() - 1; }
  uint32_t dropped() const { return dropped_; }                // lost to overflow, ever

 private:
  Measurement* slots_;
  uint32_t capacity_;
  uint32_t head_ = 0;  // slot of oldest_seq_
  uint32_t count_ = 0;
  uint32_t oldest_seq_ = 0;
  uint32_t dropped_ = 0;
};
