#include "seq_allocator.h"

SeqAllocator::SeqAllocator(KeyValueStore& store, uint32_t block) : store_(store), block_(block ? block : 1) {}

void SeqAllocator::begin() {
  uint32_t stored = 0;
  if (!store_.read(kKey, &stored, sizeof stored)) stored = 0;
  next_ = stored;
  limit_ = stored;
  reserve();
}

void SeqAllocator::reserve() {
  const uint32_t new_limit = next_ + block_;  // wraps with the seq itself
  writes_++;
  reservation_ok_ = store_.write(kKey, &new_limit, sizeof new_limit);
  if (reservation_ok_) limit_ = new_limit;
  else write_failures_++;
}

uint32_t SeqAllocator::next() {
  // Equality, not <, so the comparison survives the wrap. A failed write is retried before every
  // seq: meanwhile readings keep their seqs (losing all readings now is worse than maybe reusing
  // a few after a reboot), and the failure count is reported.
  if (next_ == limit_ || !reservation_ok_) reserve();
  return next_++;
}
