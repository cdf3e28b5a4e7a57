// Hands out reading seqs that never repeat across reboots. The server keeps UNIQUE(device, seq) and
// acks every seq at or below its mark without looking, so a reused seq is a silently lost reading.
// Writing the counter to NVS on every reading would wear the flash (86400 writes a day), so a block
// of seqs is reserved with one write: the stored value is the first seq NOT yet reserved. After a
// reboot counting resumes there, skipping the unused rest of the block (harmless: oldest_seq tells
// the server nothing is missing).
//
// A seq is issued only under a reservation that flash has confirmed. While NVS refuses the write,
// the reservation goes to a LittleFS file instead (SeqLimitFile); at boot the later of the two
// limits wins, so a reboot never issues a seq again. Only when both refuse does next() say no, and
// the caller keeps the reading waiting (Bridge's unsequenced queue) instead of inventing a seq the
// stored limits do not cover. The next block is reserved a quarter block ahead, so a short hiccup
// does not stall readings at all. Arithmetic wraps mod 2^32.
#pragma once
#include <stdint.h>

#include "key_value_store.h"
#include "seq_limit_file.h"

class SeqAllocator {
 public:
  static constexpr const char* kKey = "seq_limit";

  SeqAllocator(KeyValueStore& store, uint32_t block = 1000);

  // Resumes from the stored limit (the later of NVS's and fallback's; 0 on a fresh chip) and tries
  // to reserve the first block. fallback: where reservations go while NVS refuses them (null: none).
  void begin(SeqLimitFile* fallback = nullptr);
  // The next seq, or false when no confirmed reservation covers it; then one reservation write is
  // tried first (callers pace their retries: each call may write to NVS and the fallback).
  bool next(uint32_t& seq_out);
  // True when next() can answer without touching NVS.
  bool can_issue() const { return remaining() > 0; }
  uint32_t remaining() const { return limit_ - next_; }

  uint32_t writes() const { return writes_; }
  uint32_t write_failures() const { return write_failures_; }  // NVS refusals
  uint32_t fallback_writes() const { return fallback_writes_; }  // reservations confirmed by the fallback

 private:
  bool reserve();  // stores limit_ + block as the new limit: in NVS, or else in the fallback

  KeyValueStore& store_;
  uint32_t block_;
  uint32_t next_ = 0;
  uint32_t limit_ = 0;  // first seq not covered by the stored reservation
  uint32_t writes_ = 0;
  uint32_t write_failures_ = 0;
  uint32_t fallback_writes_ = 0;
  SeqLimitFile* fallback_ = nullptr;
  bool fallback_dirty_ = false;  // the fallback may hold a limit: removed once NVS holds a later one
};
