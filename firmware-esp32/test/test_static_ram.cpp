// Defect 5: the sketch's own static RAM (.data + .bss of src/energy_bridge.ino and lib/ in a
// 32-bit build, not the Arduino core or the libraries) stays within its budget, so Wi-Fi, TLS and
// the core keep their share of the ESP32's ~124 KB static DRAM (docs/hardware.md). The objects are
// built by the Makefile (make static-ram); the static one-hour ring of before measured 119,460 B.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#ifndef STATIC_RAM_OBJECTS
#error "build with -DSTATIC_RAM_OBJECTS=\"obj obj ...\" (the Makefile does)"
#endif

TEST_CASE("the sketch's static RAM fits its budget") {
  const std::string cmd = std::string("size -A -d ") + STATIC_RAM_OBJECTS + " 2>&1";
  FILE* out = popen(cmd.c_str(), "r");
  REQUIRE(out != nullptr);
  char line[512];
  long total = 0;
  int objects = 0;
  while (fgets(line, sizeof line, out)) {
    char name[256];
    long bytes = 0;
    const std::string l = line;
    if (l.find(".o  :") != std::string::npos) objects++;
    if (sscanf(line, "%255s %ld", name, &bytes) == 2 && (std::string(name).rfind(".data", 0) == 0 || std::string(name).rfind(".bss", 0) == 0))
      total += bytes;
  }
  const int rc = pclose(out);
  REQUIRE(rc == 0);
  CHECK(objects > 10);  // the sketch and every lib/ object were measured
  MESSAGE("static RAM of the sketch and lib/: " << total << " bytes, budget " << STATIC_RAM_BUDGET);
  CHECK(total > 1000);
  CHECK(total <= STATIC_RAM_BUDGET);
}
