// Readings in flash (LittleFS), so they survive a power cut and outlast the RAM ring. The bridge
// journals a reading as it arrives whenever it might not reach the server soon: the link is down,
// acks have stalled, or the RAM ring is full (HeldReadings). At boot the journal is read back and
// its readings are held and re-sent like any other.
//
// Layout: /journal/<8 hex digits>, segment files numbered in write order, each a run of contiguous
// seqs in 56-byte records (journal_record.h); 73 records fill one 4 KB block. Appends only ever go
// to the newest segment of this boot; a failed write seals it and the next append starts a new one,
// so a torn record can only be a segment's tail, where the boot scan stops. Segments are deleted
// from the front when an ack covers them, and when flash is full (the oldest readings are dropped
// and counted; the energy counters of later readings still include their energy).
#pragma once
#include <stdint.h>

#include "flash_fs.h"
#include "held_seqs.h"
#include "measurement.h"

struct JournalSegment {
  uint32_t id;         // file name
  uint32_t first_seq;  // first live record's seq
  uint16_t skip;       // records at the start of the file that are not live (acked, or repeated)
  uint16_t count;      // live records: first_seq .. first_seq + count - 1
  uint8_t sealed;      // no more appends: written by an earlier boot, or a write failed
};

struct JournalConfig {
  uint32_t records_per_segment = 73;  // 4088 bytes: one LittleFS block
  uint32_t reserve_bytes = 3 * 4096;  // kept free for LittleFS's own metadata
};

struct JournalStats {
  uint32_t loaded = 0;          // live records found at boot
  uint32_t torn = 0;            // segments whose tail failed its CRC at boot
  uint32_t appended = 0;        // records written durably
  uint32_t appends = 0;         // durable writes (each costs LittleFS about one block program)
  uint32_t write_failures = 0;
  uint32_t dropped = 0;         // unacked records deleted because flash was full
};

class ReadingJournal {
 public:
  explicit ReadingJournal(const JournalConfig& config = JournalConfig());

  // index: max_segments entries owned by the caller. fs null or no index: journal disabled.
  void attach(FlashFs* fs, JournalSegment* index, uint32_t max_segments);
  // Scans what earlier boots left. Returns the live records found.
  uint32_t begin();
  bool enabled() const { return enabled_; }

  // Writes source's readings first_seq .. first_seq + n - 1 durably. Returns how many made it
  // (a prefix); the rest stay wherever the caller holds them.
  uint32_t append(const HeldSeqs& source, uint32_t first_seq, uint32_t n);

  bool read(uint32_t seq, Measurement& out) const;
  bool empty() const { return live_ == 0; }
  uint32_t size() const { return live_; }
  uint32_t oldest_seq() const;  // meaningful when !empty()
  uint32_t newest_seq() const;
  // The first journaled seq at or after seq.
  bool next_held(uint32_t seq, uint32_t& out) const;
  // Live records before seq (serial order).
  uint32_t count_before(uint32_t seq) const;
  // Forgets every record at or before ack_seq, deleting segments it covers. Returns how many.
  uint32_t ack_through(uint32_t ack_seq);

  const JournalStats& stats() const { return stats_; }
  uint32_t segments() const { return n_; }

 private:
  JournalSegment& at(uint32_t i) const { return index_[(head_ + i) % max_segments_]; }
  void path_of(uint32_t id, char* out) const;
  void drop_front(bool count_as_dropped);
  bool make_room();
  JournalSegment* writable_segment(uint32_t seq);
  uint32_t scan_segment(JournalSegment& s, bool have_prev, uint32_t prev_newest);

  JournalConfig config_;
  FlashFs* fs_ = nullptr;
  JournalSegment* index_ = nullptr;
  uint32_t max_segments_ = 0;
  uint32_t head_ = 0;
  uint32_t n_ = 0;
  uint32_t live_ = 0;
  uint32_t next_id_ = 1;
  bool enabled_ = false;
  JournalStats stats_;
};
