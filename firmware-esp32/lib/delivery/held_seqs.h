// What Delivery needs to know about the readings a device still holds: their seqs, in serial
// order, possibly with gaps (a reboot skips the rest of a seq block, and readings journaled before
// a reboot are held next to the new ones). ReadingRing (RAM only, contiguous) and HeldReadings
// (RAM ring + flash journal) implement it.
#pragma once
#include <stdint.h>

#include "measurement.h"

struct HeldSeqs {
  virtual bool empty() const = 0;
  virtual uint32_t oldest_seq() const = 0;  // meaningful when !empty()
  virtual uint32_t next_seq() const = 0;    // one past the newest held
  // The first held seq at or after seq, or next_seq() when there is none.
  virtual uint32_t next_held(uint32_t seq) const = 0;
  // Drops every held reading at or before ack_seq. Returns how many.
  virtual uint32_t ack_through(uint32_t ack_seq) = 0;
  // Copies a held reading out; false unless seq is held.
  virtual bool read(uint32_t seq, Measurement& out) const = 0;
};
