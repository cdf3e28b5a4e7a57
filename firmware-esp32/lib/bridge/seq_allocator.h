// Hands out reading seqs that never repeat across reboots. The server keeps UNIQUE(device, seq) and
// acks every seq at or below its mark without looking, so a reused seq is a silently lost reading.
// Writing the counter to NVS on every reading would wear the flash (86400 writes a day), so a block
// of seqs is reserved with one write: the stored value is the first seq NOT yet reserved. After a
// reboot counting resumes there, skipping the unused rest of the block (harmless: oldest_seq tells
// the server nothing is missing).
//
// A seq is issued only under a reservation that NVS has confirmed. While reservations fail, next()
// says no and the caller keeps the reading waiting (Bridge's unsequenced queue) instead of inventing
// a seq the stored limit does not cover: after a reboot such a seq would be issued again. The next
// block is reserved a quarter block ahead, so a short NVS hiccup does not stall readings at all.
// Arithmetic wraps mod 2^32.
#pragma once
#include <stdint.h>

#include "key_value_store.h"

class SeqAllocator {
 public:
  static constexpr const char* kKey = "seq_limit";

  SeqAllocator(KeyValueStore& store, uint32_t block = 1000);

  // Resumes from the stored limit (0 on a fresh chip) and tries to reserve the first block.
  void begin();
  // The next seq, or false when no confirmed reservation covers it; then one reservation write is
  // tried first (callers pace their retries: each call may write to NVS).
  bool next(uint32_t& seq_out);
  // True when next() can answer without touching NVS.
  bool can_issue() const { return remaining() > 0; }
  uint32_t remaining() const { return limit_ - next_; }

  uint32_t writes() const { return writes_; }
  uint32_t write_failures() const { return write_failures_; }

 private:
  bool reserve();  // stores limit_ + block (or next_ + block when nothing is reserved) as the new limit

  KeyValueStore& store_;
  uint32_t block_;
  uint32_t next_ = 0;
  uint32_t limit_ = 0;  // first seq not covered by the stored reservation
  uint32_t writes_ = 0;
  uint32_t write_failures_ = 0;
};
