// The seq reservation's second home, in LittleFS, for while NVS refuses writes (a full or worn NVS
// page, a flash error): SeqAllocator stores its limit here instead, so readings keep getting seqs
// that a reboot will not issue again, and none waits in RAM where a power cut would lose it.
//
// One value, replaced atomically: it is written to a temporary file, which then replaces the old
// one by rename (LittleFS renames atomically), so a power cut leaves the old value or the new one,
// never neither. 12 bytes, little-endian: u32 magic "SEQL", u32 limit, u32 CRC-32 of the first 8.
// Both files are read at boot and the later value wins (a temporary one was never confirmed, and
// skipping past it is harmless). Once NVS takes a reservation again, both are removed.
#pragma once
#include <stdint.h>

#include "flash_fs.h"

class SeqLimitFile {
 public:
  static constexpr const char* kPath = "/seq_limit";
  static constexpr const char* kTempPath = "/seq_limit.new";

  // fs null: disabled (every call fails).
  void attach(FlashFs* fs) { fs_ = fs; }
  bool enabled() const { return fs_ != nullptr; }

  // The latest limit either file holds intact (serial order), or false when there is none.
  bool read(uint32_t& limit) const;
  // True only once the new value has replaced the old one on flash.
  bool write(uint32_t limit);
  // Removes both files. True when nothing readable is left.
  bool clear();

 private:
  FlashFs* fs_ = nullptr;
};
