// The cumulative counter across UNO and ESP32 restarts, and how often it touches flash.
#include <doctest/doctest.h>

#include "energy_total.h"
#include "fakes.h"

TEST_CASE("a fresh device publishes the UNO's counter unchanged") {
  MapStore nvs;
  EnergyTotal e(nvs, EnergyPersistConfig{});
  e.begin(0);
  CHECK(e.on_uno_counter(1234567, 1000) == 1234567);
}

TEST_CASE("a UNO restart keeps the total climbing") {
  MapStore nvs;
  EnergyTotal e(nvs, EnergyPersistConfig{});
  e.begin(0);
  e.on_uno_counter(50000, 1000);
  CHECK(e.on_uno_counter(300, 2000) == 50300);  // the UNO rebooted and counts from 0 again
  CHECK(e.uno_restarts() == 1);
  CHECK(nvs.writes == 1);  // the new offset is saved at once
}

TEST_CASE("an ESP32-only reboot loses nothing; a power cut loses at most the unsaved part") {
  MapStore nvs;
  EnergyPersistConfig cfg;  // 10 Wh and 60 s
  {
    EnergyTotal e(nvs, cfg);
    e.begin(0);
    e.on_uno_counter(20000, 61000);
    e.tick(61000);  // 20 Wh unsaved after 61 s: saved
    e.on_uno_counter(25000, 70000);
    e.tick(70000);  // 5 Wh: not yet
    CHECK(e.writes() == 1);
  }
  {  // ESP32 reboots, the UNO kept counting
    EnergyTotal e(nvs, cfg);
    e.begin(0);
    CHECK(e.on_uno_counter(26000, 1000) == 26000);
  }
  {  // both lost power: the UNO restarts at 0, the saved 20 Wh survive
    EnergyTotal e(nvs, cfg);
    e.begin(0);
    CHECK(e.on_uno_counter(100, 1000) == 20100);
  }
}

TEST_CASE("flash wear: a 3 kW load for a day costs at most one write a minute") {
  MapStore nvs;
  EnergyTotal e(nvs, EnergyPersistConfig{});
  e.begin(0);
  uint64_t uno_mwh = 0;
  for (uint32_t s = 1; s <= 86400; ++s) {
    uno_mwh += 833;  // 3 kW for 1 s
    e.on_uno_counter(uno_mwh, s * 1000);
    e.tick(s * 1000);
  }
  CHECK(e.writes() <= 1440);
  CHECK(e.writes() >= 1400);
}

TEST_CASE("a trickle load is still saved within the hour") {
  MapStore nvs;
  EnergyTotal e(nvs, EnergyPersistConfig{});
  e.begin(0);
  e.on_uno_counter(500, 1000);  // 0.5 Wh: below the delta
  e.tick(3599999);
  CHECK(e.writes() == 0);
  e.tick(3600000);
  CHECK(e.writes() == 1);
}
