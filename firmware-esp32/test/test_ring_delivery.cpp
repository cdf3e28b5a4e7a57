// The ring buffer and the ack/resend policy, including overflow and 32-bit wrap-around of seq.
#include <doctest/doctest.h>

#include <vector>

#include "delivery.h"
#include "reading_ring.h"
#include "seq_math.h"

namespace {
Measurement reading(uint16_t voltage_cv) {
  Measurement m;
  m.voltage_cv = voltage_cv;
  return m;
}

struct Fixture {
  std::vector<Measurement> storage;
  ReadingRing ring;
  uint32_t next_seq;
  explicit Fixture(uint32_t capacity, uint32_t first_seq = 0) : storage(capacity), ring(storage.data(), capacity), next_seq(first_seq) {}
  uint32_t push() {
    const uint32_t seq = next_seq++;
    REQUIRE(ring.push(seq, reading(static_cast<uint16_t>(seq & 0x7FFF))));
    return seq;
  }
};

// Drains what Delivery wants to send at `now`, pretending every publish succeeds.
std::vector<uint32_t> send_all(Delivery& d, uint32_t now) {
  std::vector<uint32_t> sent;
  uint32_t seq;
  while (d.next(now, seq)) {
    sent.push_back(seq);
    d.mark_sent(seq, now);
  }
  return sent;
}
}  // namespace

TEST_CASE("serial arithmetic orders seqs across the wrap") {
  CHECK(seq_before(4294967295UL, 0));
  CHECK(seq_before(4294967290UL, 3));
  CHECK_FALSE(seq_before(3, 4294967290UL));
  CHECK(seq_at_or_before(7, 7));
}

TEST_CASE("ring: find by seq, ack drops through the acked seq, stale acks do nothing") {
  Fixture f(8, 100);
  for (int i = 0; i < 5; ++i) f.push();
  CHECK(f.ring.oldest_seq() == 100);
  CHECK(f.ring.newest_seq() == 104);
  REQUIRE(f.ring.find(103));
  CHECK(f.ring.find(103)->voltage_cv == 103);
  CHECK(f.ring.find(105) == nullptr);
  CHECK(f.ring.ack_through(102) == 3);
  CHECK(f.ring.oldest_seq() == 103);
  CHECK(f.ring.find(102) == nullptr);
  CHECK(f.ring.ack_through(50) == 0);    // stale
  CHECK(f.ring.ack_through(102) == 0);   // repeated
  CHECK(f.ring.ack_through(999) == 2);   // beyond the newest: everything held is stored
  CHECK(f.ring.empty());
  CHECK_FALSE(f.ring.push(7, reading(1)) == false);  // an empty ring accepts a jump (reboot)
  CHECK_FALSE(f.ring.push(9, reading(1)));          // but never a gap inside
}

TEST_CASE("ring overflow drops the oldest and counts the drops") {
  Fixture f(4);
  for (int i = 0; i < 10; ++i) f.push();
  CHECK(f.ring.size() == 4);
  CHECK(f.ring.oldest_seq() == 6);
  CHECK(f.ring.dropped() == 6);
  CHECK(f.ring.find(5) == nullptr);
  CHECK(f.ring.find(9)->voltage_cv == 9);
}

TEST_CASE("ring across the 32-bit wrap: find, ack and overflow keep working") {
  Fixture f(6, 4294967293UL);
  for (int i = 0; i < 6; ++i) f.push();  // 4294967293 .. 2
  CHECK(f.ring.newest_seq() == 2);
  CHECK(f.ring.find(4294967295UL)->voltage_cv == (4294967295UL & 0x7FFF));
  CHECK(f.ring.find(0) != nullptr);
  CHECK(f.ring.ack_through(4294967295UL) == 3);  // pre-wrap ack
  CHECK(f.ring.oldest_seq() == 0);
  CHECK(f.ring.ack_through(4294967294UL) == 0);  // a stale pre-wrap ack is not "huge"
  f.push();
  f.push();
  CHECK(f.ring.ack_through(1) == 2);  // post-wrap ack
  CHECK(f.ring.oldest_seq() == 2);
  for (int i = 0; i < 10; ++i) f.push();  // 3 held + 10 in 6 slots
  CHECK(f.ring.size() == 6);
  CHECK(f.ring.dropped() == 7);
}

TEST_CASE("delivery: live readings go at once, the backlog after a reconnect is paced and oldest first") {
  Fixture f(100);
  Delivery d(f.ring, DeliveryConfig{50, 10000, 300000});
  for (int i = 0; i < 5; ++i) f.push();  // taken while offline
  uint32_t seq;
  CHECK_FALSE(d.next(0, seq));  // not connected: nothing

  d.on_connected(1000);
  f.push();  // seq 5 arrives live
  std::vector<uint32_t> sent = send_all(d, 1000);
  CHECK(sent == std::vector<uint32_t>{5, 0});  // live first, then one backlog entry
  CHECK(send_all(d, 1020).empty());             // paced: 50 ms between re-sends
  CHECK(send_all(d, 1050) == std::vector<uint32_t>{1});
  f.push();  // live reading 6 is not held behind the backlog
  CHECK(send_all(d, 1060) == std::vector<uint32_t>{6});
  CHECK(send_all(d, 1100) == std::vector<uint32_t>{2});
  CHECK(send_all(d, 1150) == std::vector<uint32_t>{3});
  CHECK(send_all(d, 1200) == std::vector<uint32_t>{4});
  CHECK(send_all(d, 1250).empty());  // everything sent once, waiting for acks
  CHECK(d.stats().resent == 5);
}

TEST_CASE("delivery: an ack frees the ring; a reconnect re-sends only what is still unacked") {
  Fixture f(100);
  Delivery d(f.ring, DeliveryConfig{50, 10000, 300000});
  d.on_connected(0);
  for (int i = 0; i < 4; ++i) {
    f.push();
    send_all(d, 0);
  }
  d.on_ack(1, 500);
  CHECK(f.ring.oldest_seq() == 2);
  CHECK(d.stats().acked == 2);
  d.on_disconnected();
  d.on_connected(2000);
  std::vector<uint32_t> all;
  for (uint32_t t = 2000; t < 3000; t += 10)
    for (uint32_t s : send_all(d, t)) all.push_back(s);
  CHECK(all == std::vector<uint32_t>{2, 3});
}

TEST_CASE("delivery: no ack progress for the ack timeout re-sends what is held, with a doubling timeout") {
  Fixture f(100);
  Delivery d(f.ring, DeliveryConfig{50, 10000, 30000});
  d.on_connected(0);
  f.push();
  f.push();
  CHECK(send_all(d, 0) == std::vector<uint32_t>{0, 1});  // both "lost" on the wire
  CHECK(send_all(d, 9999).empty());
  CHECK(send_all(d, 10000) == std::vector<uint32_t>{0});   // timeout: pass starts, paced
  CHECK(send_all(d, 10050) == std::vector<uint32_t>{1});   // pass complete at 10050
  CHECK(d.stats().ack_timeouts == 1);
  CHECK(d.current_ack_timeout_ms() == 20000);
  CHECK(send_all(d, 30049).empty());
  CHECK(send_all(d, 30050) == std::vector<uint32_t>{0});  // 20 s after the pass
  send_all(d, 30100);
  CHECK(d.current_ack_timeout_ms() == 30000);  // capped
  d.on_ack(1, 31000);
  CHECK(d.current_ack_timeout_ms() == 10000);  // progress resets it
  CHECK(f.ring.empty());
  CHECK(send_all(d, 100000).empty());  // nothing held, nothing times out
}

TEST_CASE("delivery: live readings flowing do not hide a stuck ack") {
  Fixture f(100);
  Delivery d(f.ring, DeliveryConfig{50, 10000, 300000});
  d.on_connected(0);
  std::vector<uint32_t> resent;
  for (uint32_t t = 0; t <= 12000; t += 1000) {
    f.push();
    for (uint32_t s : send_all(d, t))
      if (s != f.ring.newest_seq()) resent.push_back(s);
    // The server stored everything but seq 0, lost on the wire: its ack stays below 0, so none.
  }
  REQUIRE_FALSE(resent.empty());
  CHECK(resent.front() == 0);
}

TEST_CASE("delivery across the wrap: backlog order and acks") {
  Fixture f(10, 4294967294UL);
  Delivery d(f.ring, DeliveryConfig{0, 10000, 300000});
  for (int i = 0; i < 4; ++i) f.push();  // 4294967294, 4294967295, 0, 1
  d.on_connected(0);
  CHECK(send_all(d, 0) == std::vector<uint32_t>{4294967294UL, 4294967295UL, 0, 1});
  d.on_ack(0, 10);
  CHECK(f.ring.oldest_seq() == 1);
  CHECK(f.ring.size() == 1);
}

TEST_CASE("delivery: overflow while offline skips what the ring dropped") {
  Fixture f(3);
  Delivery d(f.ring, DeliveryConfig{0, 10000, 300000});
  d.on_connected(0);
  d.on_disconnected();
  for (int i = 0; i < 7; ++i) f.push();
  d.on_connected(100);
  CHECK(send_all(d, 100) == std::vector<uint32_t>{4, 5, 6});
  CHECK(f.ring.dropped() == 4);
}
