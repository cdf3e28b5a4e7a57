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

TEST_CASE("with boot numbers a UNO restart is seen even when its counter climbed past the old value") {
  MapStore nvs;
  EnergyTotal e(nvs, EnergyPersistConfig{});
  e.begin(0);
  CHECK(e.on_uno_counter(5000, 1000, UnoBoot{true, 7}) == 5000);
  // The ESP32 was off while the UNO rebooted and counted 6 Wh: a counter-only check misses it.
  CHECK(e.on_uno_counter(6000, 2000, UnoBoot{true, 8}) == 11000);
  CHECK(e.uno_restarts() == 1);
  CHECK(e.on_uno_counter(6500, 3000, UnoBoot{true, 8}) == 11500);
  CHECK(e.uno_restarts() == 1);
}

TEST_CASE("the boot number survives an ESP32 reboot, so an ESP32-only reset is not a UNO restart") {
  MapStore nvs;
  {
    EnergyTotal e(nvs, EnergyPersistConfig{});
    e.begin(0);
    e.on_uno_counter(100, 1000, UnoBoot{true, 3});
    e.tick(3600000);  // the boot number and counter reach NVS
    CHECK(e.writes() == 1);
  }
  EnergyTotal e(nvs, EnergyPersistConfig{});
  e.begin(0);
  CHECK(e.on_uno_counter(150, 1000, UnoBoot{true, 3}) == 150);
  CHECK(e.uno_restarts() == 0);
  CHECK(e.on_uno_counter(10, 2000, UnoBoot{true, 4}) == 160);
}

TEST_CASE("old UNO firmware without boot: a step back is still a restart; the old NVS blob is read once") {
  MapStore nvs;
  const uint64_t legacy[2] = {40000, 2500};  // {offset, last UNO value} as the previous firmware saved it
  nvs.write(EnergyTotal::kLegacyKey, legacy, sizeof legacy);
  EnergyTotal e(nvs, EnergyPersistConfig{});
  e.begin(0);
  CHECK(e.total_mwh() == 42500);
  CHECK(e.on_uno_counter(3000, 1000) == 43000);
  CHECK(e.on_uno_counter(200, 2000) == 43200);  // restart: counter went back
  CHECK(e.uno_restarts() == 1);
}
