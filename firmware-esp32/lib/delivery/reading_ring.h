// The newest readings, in RAM, until an ack covers their seq or they are safely in the flash
// journal (HeldReadings). Seqs in the ring are contiguous (oldest_seq() .. next_seq()-1), so a
// reading is found by arithmetic, not search. The storage is sized at boot from the free heap
// (ring_sizing.h). When the ring is full, push() drops the oldest and counts it; HeldReadings
// journals or evicts before that happens.
#pragma once
#include <stdint.h>

#include "held_seqs.h"
#include "measurement.h"

class ReadingRing : public HeldSeqs {
 public:
  ReadingRing() = default;
  // storage: capacity slots owned by the caller (heap on the ESP32).
  ReadingRing(Measurement* storage, uint32_t capacity);
  void attach(Measurement* storage, uint32_t capacity);

  // Stores a reading under seq. seq must be next_seq() unless the ring is empty (the seq counter
  // lives in SeqAllocator, which may jump after a reboot).
  bool push(uint32_t seq, const Measurement& m);
  // Removes the oldest reading without counting it as dropped (it is kept elsewhere).
  void pop_front();

  // Drops every reading with seq at or before ack_seq (wrap-safe). Returns how many.
  uint32_t ack_through(uint32_t ack_seq) override;

  // nullptr unless seq is held.
  const Measurement* find(uint32_t seq) const;
  bool read(uint32_t seq, Measurement& out) const override;

  bool empty() const override { return count_ == 0; }
  bool full() const { return count_ == capacity_; }
  uint32_t size() const { return count_; }
  uint32_t capacity() const { return capacity_; }
  uint32_t oldest_seq() const override { return oldest_seq_; }  // meaningful when !empty()
  uint32_t next_seq() const override { return oldest_seq_ + count_; }  // wraps after 4294967295
  uint32_t newest_seq() const { return next_seq() - 1; }
  uint32_t next_held(uint32_t seq) const override;
  uint32_t dropped() const { return dropped_; }                // lost to overflow, ever

 private:
  Measurement* slots_ = nullptr;
  uint32_t capacity_ = 0;
  uint32_t head_ = 0;  // slot of oldest_seq_
  uint32_t count_ = 0;
  uint32_t oldest_seq_ = 0;
  uint32_t dropped_ = 0;
};
