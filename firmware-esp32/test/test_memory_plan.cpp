// The heap the bridge takes at boot: a headroom for TLS is always left, the ring is one
// allocation that fits the largest free block, and an hour is the most it holds.
#include <doctest/doctest.h>

#include "measurement.h"
#include "memory_plan.h"
#include "reading_journal.h"

TEST_CASE("a typical ESP32 after Wi-Fi start: ~35 minutes in RAM, the rest in flash") {
  const MemoryPlan p = plan_memory(200000, 110592, 1441792);
  CHECK(p.journal_segments == 352);
  CHECK(p.pending_capacity == 300);
  CHECK(p.ring_capacity * sizeof(Measurement) <= 110592 - 8192);
  CHECK(p.ring_capacity >= 1800);
  CHECK(200000 - p.bytes() >= 64 * 1024);  // TLS headroom left
}

TEST_CASE("plenty of heap: capped at one hour; little heap: a minimum ring, flash does the rest") {
  CHECK(plan_memory(4000000, 4000000, 1441792).ring_capacity == 3600);
  CHECK(plan_memory(70000, 30000, 1441792).ring_capacity == 64);
  CHECK(plan_memory(200000, 110592, 0).journal_segments == 0);
}

TEST_CASE("a reading is 48 bytes, a journal index entry 16") {
  CHECK(sizeof(Measurement) == 48);
  CHECK(sizeof(JournalSegment) == 16);
}
