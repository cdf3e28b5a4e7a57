#include "memory_plan.h"

#include "measurement.h"
#include "reading_journal.h"

uint32_t MemoryPlan::bytes() const {
  return (ring_capacity + pending_capacity) * static_cast<uint32_t>(sizeof(Measurement)) +
         journal_segments * static_cast<uint32_t>(sizeof(JournalSegment));
}

MemoryPlan plan_memory(uint32_t free_heap, uint32_t largest_block, uint32_t fs_total_bytes, const MemoryBudget& b) {
  MemoryPlan plan;
  const uint32_t blocks = fs_total_bytes / 4096;
  plan.journal_segments = blocks < b.max_journal_segments ? blocks : b.max_journal_segments;
  plan.pending_capacity = b.pending;
  const uint32_t fixed = plan.journal_segments * static_cast<uint32_t>(sizeof(JournalSegment)) +
                         plan.pending_capacity * static_cast<uint32_t>(sizeof(Measurement));
  const uint32_t spare = free_heap > b.headroom_bytes + fixed ? free_heap - b.headroom_bytes - fixed : 0;
  uint32_t ring_bytes = spare;
  const uint32_t block = largest_block > b.largest_block_margin ? largest_block - b.largest_block_margin : 0;
  if (ring_bytes > block) ring_bytes = block;  // the ring is one allocation
  uint32_t ring = ring_bytes / static_cast<uint32_t>(sizeof(Measurement));
  if (ring > b.max_ring) ring = b.max_ring;
  if (ring < b.min_ring) ring = b.min_ring;
  plan.ring_capacity = ring;
  return plan;
}
