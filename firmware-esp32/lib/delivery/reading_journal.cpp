#include "reading_journal.h"

#include <stdio.h>

#include "journal_record.h"
#include "seq_math.h"

namespace {
const char kDir[] = "/journal";

struct ListContext {
  JournalSegment* index;
  uint32_t max;
  uint32_t n;
  uint32_t max_id;
};

bool parse_id(const char* name, uint32_t& id) {
  id = 0;
  int digits = 0;
  for (; *name; name++, digits++) {
    const char c = *name;
    const uint32_t v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 99;
    if (v > 15 || digits >= 8) return false;
    id = (id << 4) | v;
  }
  return digits == 8;
}

void collect(void* ctx, const char* name, uint32_t size) {
  ListContext& c = *static_cast<ListContext*>(ctx);
  uint32_t id;
  if (!parse_id(name, id) || c.n >= c.max) return;  // beyond the index: left for a later boot
  JournalSegment s = {id, 0, 0, 0, 1};
  s.skip = size % kJournalRecordSize != 0;  // a partial record at the end: torn (scan_segment)
  s.count = static_cast<uint16_t>(size / kJournalRecordSize > 0xFFFF ? 0xFFFF : size / kJournalRecordSize);
  c.index[c.n++] = s;
  if (id > c.max_id) c.max_id = id;
}
}  // namespace

ReadingJournal::ReadingJournal(const JournalConfig& config) : config_(config) {}

void ReadingJournal::attach(FlashFs* fs, JournalSegment* index, uint32_t max_segments) {
  fs_ = fs;
  index_ = index;
  max_segments_ = max_segments;
  enabled_ = fs && index && max_segments > 0;
}

void ReadingJournal::path_of(uint32_t id, char* out) const { snprintf(out, 20, "%s/%08lx", kDir, static_cast<unsigned long>(id)); }

uint32_t ReadingJournal::scan_segment(JournalSegment& s, bool have_prev, uint32_t prev_newest) {
  char path[20];
  path_of(s.id, path);
  const uint32_t records = s.count;  // collect() left the file's whole records here
  const bool partial_tail = s.skip != 0;
  s.count = 0;
  s.skip = 0;
  if (partial_tail) stats_.torn++;
  uint8_t chunk[8 * kJournalRecordSize];
  for (uint32_t i = 0; i < records; i += 8) {
    const uint32_t n = records - i < 8 ? records - i : 8;
    if (!fs_->read(path, i * kJournalRecordSize, chunk, n * kJournalRecordSize)) return s.count;
    for (uint32_t k = 0; k < n; k++) {
      uint32_t seq;
      Measurement m;
      if (!decode_journal_record(chunk + k * kJournalRecordSize, seq, m)) {
        stats_.torn++;  // a power cut mid-append: everything after is unwritten
        return s.count;
      }
      if (s.count == 0) {
        // Already held from an earlier segment (a write that failed but landed): skip.
        if (have_prev && seq_at_or_before(seq, prev_newest)) {
          s.skip++;
          continue;
        }
        s.first_seq = seq;
        s.count = 1;
      } else if (seq == s.first_seq + s.count) {
        s.count++;
      } else {
        return s.count;  // not contiguous: not ours to interpret
      }
    }
  }
  return s.count;
}

uint32_t ReadingJournal::begin() {
  head_ = n_ = live_ = 0;
  if (!enabled_) return 0;
  fs_->make_dir(kDir);
  ListContext ctx = {index_, max_segments_, 0, 0};
  fs_->list(kDir, collect, &ctx);
  // Insertion sort by id: write order (at most a few hundred segments, once per boot).
  for (uint32_t i = 1; i < ctx.n; i++)
    for (uint32_t j = i; j > 0 && index_[j - 1].id > index_[j].id; j--) {
      const JournalSegment t = index_[j];
      index_[j] = index_[j - 1];
      index_[j - 1] = t;
    }
  next_id_ = ctx.max_id + 1;
  uint32_t kept = 0;
  bool have_prev = false;
  uint32_t prev_newest = 0;
  for (uint32_t i = 0; i < ctx.n; i++) {
    JournalSegment s = index_[i];
    char path[20];
    path_of(s.id, path);
    if (scan_segment(s, have_prev, prev_newest) == 0) {
      fs_->remove(path);  // nothing live in it
      continue;
    }
    s.sealed = 1;  // appends go to new segments: never after a possibly torn tail
    index_[kept++] = s;
    live_ += s.count;
    have_prev = true;
    prev_newest = s.first_seq + s.count - 1;
  }
  n_ = kept;
  stats_.loaded = live_;
  return live_;
}

void ReadingJournal::drop_front(bool count_as_dropped) {
  JournalSegment& s = at(0);
  char path[20];
  path_of(s.id, path);
  fs_->remove(path);
  if (count_as_dropped) stats_.dropped += s.count;
  live_ -= s.count;
  head_ = (head_ + 1) % max_segments_;
  n_--;
}

bool ReadingJournal::make_room() {
  // Flash full: the oldest readings go (counted), never the segment being written.
  const uint32_t need = static_cast<uint32_t>(config_.records_per_segment * kJournalRecordSize) + config_.reserve_bytes;
  while (fs_->free_bytes() < need && n_ > 1) drop_front(true);
  return fs_->free_bytes() >= need || n_ <= 1;
}

JournalSegment* ReadingJournal::writable_segment(uint32_t seq) {
  if (n_ > 0) {
    JournalSegment& last = at(n_ - 1);
    if (!last.sealed && last.skip + last.count < config_.records_per_segment && last.first_seq + last.count == seq) return &last;
    last.sealed = 1;
  }
  if (n_ == max_segments_) drop_front(true);
  make_room();
  JournalSegment& s = at(n_);
  s = JournalSegment{next_id_++, seq, 0, 0, 0};
  n_++;
  return &s;
}

uint32_t ReadingJournal::append(const HeldSeqs& source, uint32_t first_seq, uint32_t n) {
  if (!enabled_) return 0;
  uint32_t done = 0;
  while (done < n) {
    const uint32_t seq = first_seq + done;
    JournalSegment* s = writable_segment(seq);
    const uint32_t room = config_.records_per_segment - s->skip - s->count;
    const uint32_t batch = n - done < room ? n - done : room;
    char path[20];
    path_of(s->id, path);
    bool ok = fs_->append_open(path);
    for (uint32_t i = 0; ok && i < batch; i++) {
      Measurement m;
      uint8_t record[kJournalRecordSize];
      ok = source.read(seq + i, m);
      if (ok) {
        encode_journal_record(record, seq + i, m);
        ok = fs_->append_write(record, sizeof record);
      }
    }
    ok = fs_->append_close() && ok;
    if (!ok) {
      // What reached the file is unknown: seal it; the boot scan sorts out a torn or extra tail.
      stats_.write_failures++;
      s->sealed = 1;
      if (s->count == 0 && s->skip == 0) {
        fs_->remove(path);
        n_--;
      }
      return done;
    }
    s->count = static_cast<uint16_t>(s->count + batch);
    live_ += batch;
    done += batch;
    stats_.appended += batch;
    stats_.appends++;
  }
  return done;
}

bool ReadingJournal::read(uint32_t seq, Measurement& out) const {
  for (uint32_t i = 0; i < n_; i++) {
    const JournalSegment& s = at(i);
    const int32_t offset = seq_distance(s.first_seq, seq);
    if (offset < 0 || static_cast<uint32_t>(offset) >= s.count) continue;
    char path[20];
    path_of(s.id, path);
    uint8_t record[kJournalRecordSize];
    uint32_t got;
    const uint32_t pos = (static_cast<uint32_t>(offset) + s.skip) * static_cast<uint32_t>(kJournalRecordSize);
    return fs_->read(path, pos, record, sizeof record) && decode_journal_record(record, got, out) && got == seq;
  }
  return false;
}

uint32_t ReadingJournal::oldest_seq() const { return n_ ? at(0).first_seq : 0; }

uint32_t ReadingJournal::newest_seq() const { return n_ ? at(n_ - 1).first_seq + at(n_ - 1).count - 1 : 0; }

bool ReadingJournal::next_held(uint32_t seq, uint32_t& out) const {
  for (uint32_t i = 0; i < n_; i++) {
    const JournalSegment& s = at(i);
    if (s.count == 0) continue;
    const uint32_t last = s.first_seq + s.count - 1;
    if (seq_at_or_before(seq, last)) {
      out = seq_before(seq, s.first_seq) ? s.first_seq : seq;
      return true;
    }
  }
  return false;
}

uint32_t ReadingJournal::count_before(uint32_t seq) const {
  uint32_t n = 0;
  for (uint32_t i = 0; i < n_; i++) {
    const JournalSegment& s = at(i);
    const int32_t d = seq_distance(s.first_seq, seq);
    if (d <= 0) break;
    n += static_cast<uint32_t>(d) < s.count ? static_cast<uint32_t>(d) : s.count;
  }
  return n;
}

uint32_t ReadingJournal::ack_through(uint32_t ack_seq) {
  uint32_t gone = 0;
  while (n_ > 0) {
    JournalSegment& s = at(0);
    if (seq_before(ack_seq, s.first_seq)) break;
    const uint32_t last = s.first_seq + s.count - 1;
    if (seq_at_or_before(last, ack_seq)) {
      gone += s.count;
      if (!s.sealed && n_ == 1) {
        // The segment being written: keep the file, only its records are gone.
        const uint16_t n = s.count;
        s.skip = static_cast<uint16_t>(s.skip + n);
        s.first_seq += n;
        s.count = 0;
        live_ -= n;
        break;
      }
      drop_front(false);
      continue;
    }
    const uint32_t n = static_cast<uint32_t>(seq_distance(s.first_seq, ack_seq)) + 1;
    s.first_seq += n;
    s.skip = static_cast<uint16_t>(s.skip + n);
    s.count = static_cast<uint16_t>(s.count - n);
    live_ -= n;
    gone += n;
    break;
  }
  return gone;
}
