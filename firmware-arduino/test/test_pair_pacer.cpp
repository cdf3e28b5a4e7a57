// The sampling schedule: equal pairs whatever the loop's own duration, across the timer's wrap.
#include <doctest/doctest.h>

#include <cstddef>
#include <vector>

#include "pair_pacer.h"

namespace {
// A 16-bit counter that advances by `step` on every read, like a busy-wait polling a timer.
struct FakeTimer : TickSource {
  uint32_t now = 0;
  uint16_t step = 3;
  uint16_t ticks() override {
    now += step;
    return static_cast<uint16_t>(now);
  }
};
}  // namespace

TEST_CASE("pairs start a fixed period apart whatever the work between them took") {
  FakeTimer timer;
  timer.now = 65000;  // wraps after a few pairs
  PairPacer pacer(timer, 1000);
  std::vector<uint32_t> starts;
  for (int n = 0; n < 20; ++n) {
    REQUIRE(pacer.wait());
    starts.push_back(timer.now);
    timer.now += 300 + (n * 137) % 600;  // the pair's own work: 300..899 ticks
  }
  for (std::size_t n = 1; n < starts.size(); ++n) {
    CAPTURE(n);
    // Within one polling step of the slot: the schedule never drifts.
    CHECK(starts[n] - starts[0] >= n * 1000);
    CHECK(starts[n] - starts[0] < n * 1000 + timer.step);
  }
  CHECK(pacer.restarts() == 0);
}

TEST_CASE("a pair that overruns its slot is followed by a shorter wait, keeping the schedule") {
  FakeTimer timer;
  PairPacer pacer(timer, 1000);
  pacer.wait();
  const uint32_t t0 = timer.now;
  timer.now += 1200;  // overran by 200
  CHECK(pacer.wait());
  timer.now += 100;
  CHECK(pacer.wait());
  CHECK(timer.now - t0 >= 2000);
  CHECK(timer.now - t0 < 2000 + timer.step);
}

TEST_CASE("after a pause longer than a slot (the report) the schedule restarts from now") {
  FakeTimer timer;
  PairPacer pacer(timer, 1000);
  pacer.wait();
  timer.now += 5000;
  CHECK_FALSE(pacer.wait());
  const uint32_t restart = timer.now;
  timer.now += 200;
  CHECK(pacer.wait());
  CHECK(timer.now - restart >= 1000);
  CHECK(pacer.restarts() == 1);
}
