// Every reading the device still owes the server: the newest in the RAM ring, older ones (and,
// while journaling, the new ones too) in the flash journal. A reading leaves only when an ack
// covers it, or when flash is full (then the oldest go, counted). Seqs are in serial order with
// possible gaps between boots; the wire's oldest_seq is oldest_seq() here.
//
// Journaling policy (the caller decides when, Bridge::journaling_wanted): while the link is down
// or acks have stalled, every reading goes to flash as it arrives, so a power cut loses nothing;
// otherwise readings live only in RAM (no flash wear) and are spilled to flash when the RAM ring
// is full or the link goes down.
#pragma once
#include <stdint.h>

#include "held_seqs.h"
#include "reading_journal.h"
#include "reading_ring.h"

class HeldReadings : public HeldSeqs {
 public:
  HeldReadings(ReadingRing& ram, ReadingJournal& journal) : ram_(ram), journal_(journal) {}

  // A new reading. seq follows the previous one, unless nothing is held in RAM. journal_now: make
  // it (and any RAM reading not yet in flash) durable before returning.
  void push(uint32_t seq, const Measurement& m, bool journal_now);
  // Writes every RAM reading not yet in flash. False if some could not be written.
  bool spill();
  bool fully_journaled() const;

  bool empty() const override { return ram_.empty() && journal_.empty(); }
  uint32_t oldest_seq() const override;
  uint32_t next_seq() const override;
  uint32_t next_held(uint32_t seq) const override;
  uint32_t ack_through(uint32_t ack_seq) override;
  bool read(uint32_t seq, Measurement& out) const override;

  uint32_t size() const;
  // Readings lost: RAM overflow without flash, plus flash full.
  uint32_t dropped() const { return ram_.dropped() + journal_.stats().dropped; }
  const ReadingRing& ram() const { return ram_; }
  const ReadingJournal& journal() const { return journal_; }

 private:
  bool journaled(uint32_t seq) const;

  ReadingRing& ram_;
  ReadingJournal& journal_;
  bool journaled_valid_ = false;
  uint32_t journaled_through_ = 0;  // newest RAM-run seq known to be in flash
};
