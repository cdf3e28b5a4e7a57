#include <doctest/doctest.h>

#include <cmath>

#include "energy_counter.h"

TEST_CASE("1 kW for an hour in 1 s steps is exactly 1000.000 Wh") {
  EnergyCounter e;
  for (int s = 0; s < 3600; ++s) e.add(1000.0f, 1000);
  CHECK(e.whole_wh() == 1000);
  CHECK(e.frac_mwh() == 0);
}

TEST_CASE("318.2 W for 10 s is 0.883 Wh (truncated, never ahead)") {
  EnergyCounter e;
  for (int s = 0; s < 10; ++s) e.add(318.2f, 1000);
  // 3182 J = 0.88388 Wh
  CHECK(e.whole_wh() == 0);
  CHECK(e.frac_mwh() == 883);
}

TEST_CASE("small steps still count on a large total (where a float Wh counter stalls)") {
  EnergyCounter e;
  for (int i = 0; i < 120; ++i) e.add(50000.0f, 60000);  // 100 kWh
  CHECK(e.whole_wh() == 100000);
  for (int s = 0; s < 3600; ++s) e.add(100.0f, 1000);
  CHECK(e.whole_wh() == 100100);
  CHECK(e.frac_mwh() == 0);

  float naive_wh = 100000.0f;  // what the seed-style float counter would do
  for (int s = 0; s < 3600; ++s) naive_wh += 100.0f / 3600.0f;
  CHECK(std::fabs(naive_wh - 100100.0f) > 5.0f);
}

TEST_CASE("zero, negative and NaN power add nothing; a stalled loop is capped at 60 s") {
  EnergyCounter e;
  e.add(0.0f, 1000);
  e.add(-500.0f, 1000);
  e.add(std::nanf(""), 1000);
  CHECK(e.whole_wh() == 0);
  CHECK(e.frac_mwh() == 0);
  e.add(3600.0f, 3600000UL);  // an hour-long gap is billed as 60 s
  CHECK(e.whole_wh() == 60);
}
