// Hands out reading seqs that never repeat across reboots. The server keeps UNIQUE(device, seq),
// so a seq reused after a reboot would be dropped as a duplicate: a silently lost reading.
// Writing the counter to NVS on every reading would wear the flash (86400 writes a day), so a
// block of kBlock seqs is reserved with one write: the stored value is the first seq NOT yet
// reserved. After a reboot counting resumes there, skipping at most kBlock-1 unused seqs (the
// gap is harmless: oldest_seq tells the server nothing is missing). Arithmetic wraps mod 2^32.
#pragma once
#include <stdint.h>

#include "key_value_store.h"

class SeqAllocator {
 public:
  static constexpr const char* kKey = "seq_limit";

  SeqAllocator(KeyValueStore& store, uint32_t block = 1000);

  // Resumes from the stored limit (0 on a fresh chip) and reserves the first block.
  void begin();
  uint32_t next();

  uint32_t writes() const { return writes_; }
  uint32_t write_failures() const { return write_failures_; }

 private:
  void reserve();  // stores next_ + block as the new limit

  KeyValueStore& store_;
  uint32_t block_;
  uint32_t next_ = 0;
  uint32_t limit_ = 0;          // first seq not covered by the stored reservation
  bool reservation_ok_ = false;  // false: retry the write before handing out the next seq
  uint32_t writes_ = 0;
  uint32_t write_failures_ = 0;
};
