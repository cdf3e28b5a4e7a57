// seq survives reboots through NVS, written once per block, and wraps at 32 bits.
#include <doctest/doctest.h>

#include <set>

#include "fakes.h"
#include "seq_allocator.h"

TEST_CASE("a fresh chip starts at 0 and writes once per block of 1000") {
  MapStore nvs;
  SeqAllocator seqs(nvs, 1000);
  seqs.begin();
  CHECK(nvs.writes == 1);
  for (uint32_t i = 0; i < 2500; ++i) CHECK(seqs.next() == i);
  CHECK(nvs.writes == 3);  // reservations up to 1000, 2000, 3000
}

TEST_CASE("after a reboot no seq is ever reused") {
  MapStore nvs;
  std::set<uint32_t> issued;
  uint32_t previous_max = 0;
  for (int boot = 0; boot < 5; ++boot) {
    SeqAllocator seqs(nvs, 1000);
    seqs.begin();
    const uint32_t first = seqs.next();
    if (boot > 0) CHECK(first > previous_max);
    CHECK(issued.insert(first).second);
    for (int i = 0; i < 1234 * boot; ++i) {
      const uint32_t s = seqs.next();
      CHECK(issued.insert(s).second);
      previous_max = s;
    }
    if (boot == 0) previous_max = first;
  }
}

TEST_CASE("the counter and its reservation wrap at 2^32") {
  MapStore nvs;
  const uint32_t near_top = 4294967000UL;
  nvs.write(SeqAllocator::kKey, &near_top, sizeof near_top);
  SeqAllocator seqs(nvs, 1000);
  seqs.begin();
  uint32_t last = 0;
  for (int i = 0; i < 1500; ++i) last = seqs.next();
  CHECK(last == static_cast<uint32_t>(near_top + 1499));  // 1203: wrapped
  uint32_t stored = 0;
  REQUIRE(nvs.read(SeqAllocator::kKey, &stored, sizeof stored));
  CHECK(stored == static_cast<uint32_t>(near_top + 2000));
  SeqAllocator rebooted(nvs, 1000);
  rebooted.begin();
  CHECK(rebooted.next() == stored);
}

TEST_CASE("a failed NVS write keeps readings flowing and is retried until it succeeds") {
  MapStore nvs;
  SeqAllocator seqs(nvs, 10);
  seqs.begin();
  for (int i = 0; i < 10; ++i) seqs.next();
  nvs.fail_writes = true;
  CHECK(seqs.next() == 10);
  CHECK(seqs.next() == 11);
  CHECK(seqs.write_failures() == 2);
  nvs.fail_writes = false;
  CHECK(seqs.next() == 12);
  uint32_t stored = 0;
  nvs.read(SeqAllocator::kKey, &stored, sizeof stored);
  CHECK(stored == 22);  // reserved from the seq it was retried at
}
