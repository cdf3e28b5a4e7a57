// seq survives reboots through NVS, written once per block, never issued without a confirmed
// reservation, and wraps at 32 bits.
#include <doctest/doctest.h>

#include <set>

#include "fakes.h"
#include "seq_allocator.h"
#include "seq_limit_file.h"

namespace {
uint32_t take(SeqAllocator& seqs) {
  uint32_t s = 0;
  REQUIRE(seqs.next(s));
  return s;
}
}  // namespace

TEST_CASE("a fresh chip starts at 0 and writes once per block of 1000") {
  MapStore nvs;
  SeqAllocator seqs(nvs, 1000);
  seqs.begin();
  CHECK(nvs.writes == 1);
  for (uint32_t i = 0; i < 2500; ++i) CHECK(take(seqs) == i);
  CHECK(nvs.writes == 3);  // reservations up to 1000, 2000, 3000 (each a quarter block early)
}

TEST_CASE("after a reboot no seq is ever reused") {
  MapStore nvs;
  std::set<uint32_t> issued;
  uint32_t previous_max = 0;
  for (int boot = 0; boot < 5; ++boot) {
    SeqAllocator seqs(nvs, 1000);
    seqs.begin();
    const uint32_t first = take(seqs);
    if (boot > 0) CHECK(first > previous_max);
    CHECK(issued.insert(first).second);
    for (int i = 0; i < 1234 * boot; ++i) {
      const uint32_t s = take(seqs);
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
  for (int i = 0; i < 1500; ++i) last = take(seqs);
  CHECK(last == static_cast<uint32_t>(near_top + 1499));  // 1203: wrapped
  uint32_t stored = 0;
  REQUIRE(nvs.read(SeqAllocator::kKey, &stored, sizeof stored));
  CHECK(stored == static_cast<uint32_t>(near_top + 2000));
  SeqAllocator rebooted(nvs, 1000);
  rebooted.begin();
  CHECK(take(rebooted) == stored);
}

TEST_CASE("NVS write failures: no seq beyond the stored reservation, none reused after a reboot") {
  // Defect 3: the allocator used to keep issuing seqs after a failed reservation write; after a
  // reboot it resumed at the old stored limit and issued them again.
  MapStore nvs;
  std::set<uint32_t> issued;
  {
    SeqAllocator seqs(nvs, 10);
    seqs.begin();  // reserved 0..9
    nvs.fail_writes = true;
    uint32_t s;
    int refused = 0;
    for (int i = 0; i < 30; ++i) {
      if (seqs.next(s)) CHECK(issued.insert(s).second);
      else refused++;
    }
    CHECK(issued.size() == 10);  // exactly what NVS confirmed
    CHECK(refused == 20);
    CHECK(seqs.write_failures() > 0);
  }  // power cut while NVS still fails
  nvs.fail_writes = false;
  SeqAllocator rebooted(nvs, 10);
  rebooted.begin();
  for (int i = 0; i < 25; ++i) {
    const uint32_t s = take(rebooted);
    CAPTURE(s);
    CHECK(issued.insert(s).second);  // never one issued before the reboot
  }
}

TEST_CASE("a failed early top-up costs nothing while the block lasts; recovery resumes the count") {
  MapStore nvs;
  SeqAllocator seqs(nvs, 8);
  seqs.begin();  // 0..7
  nvs.fail_writes = true;
  for (uint32_t i = 0; i < 8; ++i) CHECK(take(seqs) == i);  // top-ups failed, the block was ours
  uint32_t s;
  CHECK_FALSE(seqs.next(s));
  CHECK_FALSE(seqs.can_issue());
  nvs.fail_writes = false;
  CHECK(take(seqs) == 8);  // no seq skipped, none invented
  uint32_t stored = 0;
  nvs.read(SeqAllocator::kKey, &stored, sizeof stored);
  CHECK(stored == 16);
}

TEST_CASE("NVS refusing: the reservation goes to a LittleFS file, a reboot resumes past it, NVS back removes the file") {
  MapStore nvs;
  FakeFlash flash;
  SeqLimitFile file;
  file.attach(&flash);
  std::set<uint32_t> issued;
  {
    SeqAllocator seqs(nvs, 10);
    seqs.begin(&file);  // NVS: 10
    nvs.fail_writes = true;
    for (int i = 0; i < 35; ++i) CHECK(issued.insert(take(seqs)).second);  // never refused
    CHECK(seqs.write_failures() >= 3);
    CHECK(seqs.fallback_writes() == 3);  // one per block: 20, 30, 40
    uint32_t in_flash = 0;
    REQUIRE(file.read(in_flash));
    CHECK(in_flash == 40);
  }  // a reboot while NVS still fails
  {
    SeqAllocator seqs(nvs, 10);
    seqs.begin(&file);
    const uint32_t first = take(seqs);
    CHECK(first == 40);  // the file's limit, not NVS's 10
    CHECK(issued.insert(first).second);
    nvs.fail_writes = false;
    for (int i = 0; i < 20; ++i) CHECK(issued.insert(take(seqs)).second);
    uint32_t stored = 0;
    REQUIRE(nvs.read(SeqAllocator::kKey, &stored, sizeof stored));
    CHECK(stored > 40);
    uint32_t in_flash = 0;
    CHECK_FALSE(file.read(in_flash));  // removed once NVS held a later limit
    CHECK(flash.files.empty());
  }
  SeqAllocator seqs(nvs, 10);
  seqs.begin(&file);
  CHECK(issued.insert(take(seqs)).second);
}

TEST_CASE("a power cut in the middle of the flash reservation: the old limit or the new one, never a reused seq") {
  for (size_t keep = 0; keep <= 12; ++keep) {
    CAPTURE(keep);
    MapStore nvs;
    FakeFlash flash;
    SeqLimitFile file;
    file.attach(&flash);
    std::set<uint32_t> issued;
    SeqAllocator seqs(nvs, 10);
    seqs.begin(&file);
    nvs.fail_writes = true;
    for (int i = 0; i < 15; ++i) issued.insert(take(seqs));  // the early top-up put 20 in the file
    flash.closes_until_cut = 0;  // the next reservation is cut after `keep` bytes of its file
    flash.cut_keep = keep;
    const auto until_cut = [&] {
      for (int i = 0; i < 20; ++i) {
        uint32_t s;
        if (seqs.next(s)) issued.insert(s);
      }
    };
    CHECK_THROWS_AS(until_cut(), PowerCut);
    SeqAllocator rebooted(nvs, 10);
    rebooted.begin(&file);
    for (int i = 0; i < 25; ++i) {
      const uint32_t s = take(rebooted);
      CAPTURE(s);
      CHECK(issued.insert(s).second);
    }
  }
}

TEST_CASE("NVS and the flash file both refusing: no seq, and the same again after a reboot") {
  MapStore nvs;
  FakeFlash flash;
  SeqLimitFile file;
  file.attach(&flash);
  SeqAllocator seqs(nvs, 4);
  seqs.begin(&file);  // NVS: 4
  nvs.fail_writes = true;
  flash.fail_writes = true;
  for (uint32_t i = 0; i < 4; ++i) CHECK(take(seqs) == i);
  uint32_t s;
  CHECK_FALSE(seqs.next(s));
  SeqAllocator rebooted(nvs, 4);
  rebooted.begin(&file);
  CHECK_FALSE(rebooted.next(s));  // 4.. were never confirmed: still none issued
  flash.fail_writes = false;
  CHECK(take(rebooted) == 4);
}

TEST_CASE("the flash file: a torn or corrupt copy is ignored, the later intact one wins") {
  FakeFlash flash;
  SeqLimitFile file;
  file.attach(&flash);
  uint32_t v = 0;
  CHECK_FALSE(file.read(v));
  REQUIRE(file.write(2000));
  REQUIRE(file.read(v));
  CHECK(v == 2000);
  flash.files[SeqLimitFile::kTempPath] = flash.files[SeqLimitFile::kPath].substr(0, 7);  // a torn next write
  REQUIRE(file.read(v));
  CHECK(v == 2000);
  REQUIRE(file.write(3000));
  CHECK(flash.files.count(SeqLimitFile::kTempPath) == 0);
  flash.files[SeqLimitFile::kPath][5] ^= 1;  // flash decay: the CRC no longer matches
  CHECK_FALSE(file.read(v));
  CHECK(file.clear());
  CHECK(flash.files.empty());
}
