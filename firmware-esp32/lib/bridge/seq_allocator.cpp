#include "seq_allocator.h"

SeqAllocator::SeqAllocator(KeyValueStore& store, uint32_t block) : store_(store), block_(block ? block : 1) {}

void SeqAllocator::begin() {
  uint32_t stored = 0;
  if (!store_.read(kKey, &stored, sizeof stored)) stored = 0;
  next_ = stored;
  limit_ = stored;
  reserve();
}

bool SeqAllocator::reserve() {
  const uint32_t new_limit = limit_ + block_;  // wraps with the seq itself
  writes_++;
  if (!store_.write(kKey, &new_limit, sizeof new_limit)) {
    write_failures_++;
    return false;
  }
  limit_ = new_limit;
  return true;
}

bool SeqAllocator::next(uint32_t& seq_out) {
  // Equality-based (remaining() is a mod-2^32 distance), so the comparison survives the wrap.
  if (remaining() == 0 && !reserve()) return false;
  seq_out = next_++;
  // Top up early: a failure here costs nothing yet, the rest of the block is still ours.
  if (remaining() < block_ / 4 + 1) reserve();
  return true;
}
