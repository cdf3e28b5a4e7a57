// The flash journal: records round-trip, acks delete segments, a boot reads back what an earlier
// boot left, and a power cut in the middle of an append loses nothing that was already durable.
#include <doctest/doctest.h>

#include <vector>

#include "fakes.h"
#include "held_readings.h"
#include "journal_record.h"
#include "reading_journal.h"

namespace {
Measurement reading(uint32_t n) {
  Measurement m;
  m.voltage_cv = static_cast<uint16_t>(20000 + n % 1000);
  m.current_ma = n;
  m.ts_ms = 1764223200000ULL + n * 1000ULL;
  m.energy_mwh = 1000ULL * n;
  m.meter_boot = 7;
  m.meter_mwh = 500ULL * n;
  return m;
}

// A RAM ring that holds seqs first..first+n-1 as the journal's source.
struct Source {
  std::vector<Measurement> storage;
  ReadingRing ring;
  Source(uint32_t first, uint32_t n) : storage(n ? n : 1), ring(storage.data(), n ? n : 1) {
    for (uint32_t i = 0; i < n; i++) ring.push(first + i, reading(first + i));
  }
};

struct Journal {
  std::vector<JournalSegment> index = std::vector<JournalSegment>(64);
  ReadingJournal j;
  explicit Journal(FakeFlash& fs, uint32_t segments = 64) {
    index.resize(segments);
    j.attach(&fs, index.data(), segments);
    j.begin();
  }
};
}  // namespace

TEST_CASE("journal records round-trip and a flipped bit is caught") {
  uint8_t buf[kJournalRecordSize];
  const Measurement m = reading(4242);
  encode_journal_record(buf, 4242, m);
  uint32_t seq;
  Measurement back;
  REQUIRE(decode_journal_record(buf, seq, back));
  CHECK(seq == 4242);
  CHECK(back.voltage_cv == m.voltage_cv);
  CHECK(back.ts_ms == m.ts_ms);
  CHECK(back.energy_mwh == m.energy_mwh);
  CHECK(back.meter_boot == 7);
  CHECK(back.meter_mwh == m.meter_mwh);
  CHECK(back.pf_milli == Measurement::kAbsent16);
  buf[20] ^= 0x10;
  CHECK_FALSE(decode_journal_record(buf, seq, back));
}

TEST_CASE("append fills 4 KB segments, read finds any seq, acks delete covered segments") {
  FakeFlash fs;
  Journal jr(fs);
  Source src(1000, 200);
  CHECK(jr.j.append(src.ring, 1000, 200) == 200);
  CHECK(jr.j.segments() == 3);  // 73 + 73 + 54
  CHECK(fs.files.size() == 3);
  for (const auto& f : fs.files) CHECK(f.second.size() <= 4096);
  Measurement m;
  REQUIRE(jr.j.read(1150, m));
  CHECK(m.current_ma == 1150);
  CHECK_FALSE(jr.j.read(1200, m));
  CHECK(jr.j.oldest_seq() == 1000);
  CHECK(jr.j.newest_seq() == 1199);
  CHECK(jr.j.ack_through(1080) == 81);
  CHECK(fs.files.size() == 2);  // the first segment (1000..1072) is gone
  CHECK(jr.j.oldest_seq() == 1081);
  CHECK_FALSE(jr.j.read(1080, m));
  REQUIRE(jr.j.read(1081, m));
  CHECK(jr.j.size() == 119);
  CHECK(jr.j.ack_through(5000) == 119);
  CHECK(jr.j.empty());
}

TEST_CASE("a reboot reads the journal back; new appends go to a new segment") {
  FakeFlash fs;
  {
    Journal jr(fs);
    Source src(10, 30);
    REQUIRE(jr.j.append(src.ring, 10, 30) == 30);
    jr.j.ack_through(14);
  }
  Journal rebooted(fs);
  CHECK(rebooted.j.stats().loaded == 30);  // the ack mark lived in RAM: 10..14 come back (re-sent, absorbed)
  CHECK(rebooted.j.oldest_seq() == 10);
  Source next(1000, 5);  // the new boot's block
  REQUIRE(rebooted.j.append(next.ring, 1000, 5) == 5);
  CHECK(rebooted.j.segments() == 2);
  uint32_t seq;
  REQUIRE(rebooted.j.next_held(40, seq));
  CHECK(seq == 1000);  // across the reboot gap
  CHECK(rebooted.j.count_before(1000) == 30);
}

TEST_CASE("a power cut mid-append: the torn record is ignored, every earlier one survives") {
  for (size_t keep : {size_t(0), size_t(1), kJournalRecordSize / 2, kJournalRecordSize - 1}) {
    CAPTURE(keep);
    FakeFlash fs;
    {
      Journal jr(fs);
      for (uint32_t s = 0; s < 20; s++) {
        Source one(s, 1);
        REQUIRE(jr.j.append(one.ring, s, 1) == 1);  // one durable write per reading
      }
      fs.closes_until_cut = 0;
      fs.cut_keep = keep;
      Source cut(20, 1);
      CHECK_THROWS_AS(jr.j.append(cut.ring, 20, 1), PowerCut);
    }
    Journal rebooted(fs);
    CHECK(rebooted.j.size() == 20);
    CHECK(rebooted.j.newest_seq() == 19);
    CHECK(rebooted.j.stats().torn == (keep > 0 ? 1u : 0u));
    Measurement m;
    CHECK(rebooted.j.read(19, m));
    // Appending after the torn tail goes to a fresh segment and reads back fine.
    Source more(21, 3);
    REQUIRE(rebooted.j.append(more.ring, 21, 3) == 3);
    Journal again(fs);
    CHECK(again.j.size() == 23);
  }
}

TEST_CASE("a failed write seals the segment; the retry lands in a new one, and a boot does not double it") {
  FakeFlash fs;
  Journal jr(fs);
  Source src(0, 10);
  REQUIRE(jr.j.append(src.ring, 0, 5) == 5);
  fs.fail_writes = true;
  CHECK(jr.j.append(src.ring, 5, 5) == 0);
  CHECK(jr.j.stats().write_failures == 1);
  fs.fail_writes = false;
  REQUIRE(jr.j.append(src.ring, 5, 5) == 5);
  CHECK(jr.j.segments() == 2);
  // A failed close that landed anyway: the same seqs twice on flash. The boot scan keeps one.
  fs.files["/journal/00000009"] = fs.files["/journal/00000002"];
  Journal rebooted(fs);
  CHECK(rebooted.j.size() == 10);
}

TEST_CASE("flash full: the oldest segments go, counted as dropped") {
  FakeFlash fs;
  fs.total_bytes = 40 * 4096;  // room for ~35 segments after the reserve
  Journal jr(fs, 64);
  Source src(0, 5000);
  uint32_t written = 0;
  for (uint32_t s = 0; s < 5000; s += 100) written += jr.j.append(src.ring, s, 100);
  CHECK(written == 5000);
  CHECK(jr.j.stats().dropped > 0);
  CHECK(jr.j.size() + jr.j.stats().dropped == 5000);
  CHECK(jr.j.newest_seq() == 4999);  // the newest are kept
  CHECK(fs.free_bytes() >= 3 * 4096);
}

TEST_CASE("held readings: RAM ring overflow spills to flash instead of dropping") {
  FakeFlash fs;
  std::vector<JournalSegment> index(64);
  ReadingJournal journal;
  journal.attach(&fs, index.data(), 64);
  journal.begin();
  std::vector<Measurement> storage(50);
  ReadingRing ram(storage.data(), 50);
  HeldReadings held(ram, journal);
  for (uint32_t s = 100; s < 400; s++) held.push(s, reading(s), false);
  CHECK(held.dropped() == 0);
  CHECK(held.size() == 300);
  CHECK(ram.size() == 50);
  CHECK(held.oldest_seq() == 100);
  Measurement m;
  for (uint32_t s = 100; s < 400; s++) {
    REQUIRE(held.read(s, m));
    CHECK(m.current_ma == s);
  }
  CHECK(held.next_held(0) == 100);
  CHECK(held.ack_through(249) == 150);
  CHECK(held.oldest_seq() == 250);
  CHECK(held.size() == 150);
  CHECK(held.ack_through(399) == 150);
  CHECK(held.empty());
}

TEST_CASE("held readings without flash: overflow drops the oldest and counts it") {
  ReadingJournal none;
  std::vector<Measurement> storage(10);
  ReadingRing ram(storage.data(), 10);
  HeldReadings held(ram, none);
  for (uint32_t s = 0; s < 25; s++) held.push(s, reading(s), true);
  CHECK(held.size() == 10);
  CHECK(held.dropped() == 15);
  CHECK(held.oldest_seq() == 15);
}
