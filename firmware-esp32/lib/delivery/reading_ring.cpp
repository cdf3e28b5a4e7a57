#include "reading_ring.h"

#include "seq_math.h"

ReadingRing::ReadingRing(Measurement* storage, uint32_t capacity) : slots_(storage), capacity_(capacity) {}

void ReadingRing::attach(Measurement* storage, uint32_t capacity) {
  slots_ = storage;
  capacity_ = storage ? capacity : 0;
  head_ = count_ = 0;
}

void ReadingRing::pop_front() {
  if (count_ == 0) return;
  head_ = (head_ + 1) % capacity_;
  oldest_seq_++;
  count_--;
}

bool ReadingRing::push(uint32_t seq, const Measurement& m) {
  if (capacity_ == 0) return false;
  if (count_ == 0) {
    oldest_seq_ = seq;
    head_ = 0;
  } else if (seq != next_seq()) {
    return false;
  }
  if (count_ == capacity_) {
    head_ = (head_ + 1) % capacity_;
    oldest_seq_++;
    count_--;
    dropped_++;
  }
  slots_[(head_ + count_) % capacity_] = m;
  count_++;
  return true;
}

uint32_t ReadingRing::ack_through(uint32_t ack_seq) {
  if (count_ == 0 || seq_before(ack_seq, oldest_seq_)) return 0;  // stale ack: nothing to drop
  const int32_t covered = seq_distance(oldest_seq_, ack_seq) + 1;
  const uint32_t n = static_cast<uint32_t>(covered) > count_ ? count_ : static_cast<uint32_t>(covered);
  head_ = (head_ + n) % capacity_;
  oldest_seq_ += n;
  count_ -= n;
  return n;
}

const Measurement* ReadingRing::find(uint32_t seq) const {
  if (count_ == 0) return nullptr;
  const int32_t offset = seq_distance(oldest_seq_, seq);
  if (offset < 0 || static_cast<uint32_t>(offset) >= count_) return nullptr;
  return &slots_[(head_ + static_cast<uint32_t>(offset)) % capacity_];
}

bool ReadingRing::read(uint32_t seq, Measurement& out) const {
  const Measurement* m = find(seq);
  if (m) out = *m;
  return m != nullptr;
}

uint32_t ReadingRing::next_held(uint32_t seq) const {
  if (count_ == 0 || !seq_before(seq, next_seq())) return next_seq();
  return seq_before(seq, oldest_seq_) ? oldest_seq_ : seq;
}
