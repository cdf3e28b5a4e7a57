#include "seq_allocator.h"

#include "seq_math.h"

SeqAllocator::SeqAllocator(KeyValueStore& store, uint32_t block) : store_(store), block_(block ? block : 1) {}

void SeqAllocator::begin(SeqLimitFile* fallback) {
  fallback_ = fallback && fallback->enabled() ? fallback : nullptr;
  uint32_t stored = 0;
  if (!store_.read(kKey, &stored, sizeof stored)) stored = 0;
  uint32_t in_flash;
  if (fallback_ && fallback_->read(in_flash)) {
    fallback_dirty_ = true;
    if (seq_before(stored, in_flash)) stored = in_flash;  // NVS failed after its last reservation
  }
  next_ = stored;
  limit_ = stored;
  reserve();
}

bool SeqAllocator::reserve() {
  const uint32_t new_limit = limit_ + block_;  // wraps with the seq itself
  writes_++;
  if (store_.write(kKey, &new_limit, sizeof new_limit)) {
    limit_ = new_limit;
    // NVS now holds a limit beyond anything the fallback has: the fallback's is no longer needed.
    if (fallback_dirty_ && fallback_->clear()) fallback_dirty_ = false;
    return true;
  }
  write_failures_++;
  if (!fallback_) return false;
  fallback_dirty_ = true;  // even a failed write may leave a file behind
  if (!fallback_->write(new_limit)) return false;
  fallback_writes_++;
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
