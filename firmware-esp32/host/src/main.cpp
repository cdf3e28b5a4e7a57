// The host program around the sketch: `energy_bridge --state DIR --clock FILE [--set key=value ...]
// [--faults FILE] [--seed N]` (firmware-esp32/host/README.md). Runs setup() once, then loop()
// forever, as the Arduino core's loop task does, and reports on stderr after every loop() that
// consumed UART bytes.
#include <Arduino.h>
#include <Preferences.h>
#include <poll.h>
#include <stdio.h>
#include <unistd.h>

#include "host_runtime.h"

namespace {
// --set writes settings the way the console's `set` command would, typed as the sketch reads them.
void apply_settings() {
  Preferences prefs;
  prefs.begin("energy", false);
  for (const auto& kv : host::options().sets) {
    const std::string& key = kv.first;
    const std::string& value = kv.second;
    size_t ok;
    if (key == "mqtt_port") ok = prefs.putUShort("mqtt_port", static_cast<uint16_t>(strtoul(value.c_str(), nullptr, 10)));
    else if (key == "mqtt_tls") ok = prefs.putBool("mqtt_tls", value == "1" || value == "true");
    else ok = prefs.putString(key.c_str(), value.c_str()) || value.empty();
    if (!ok) fprintf(stderr, "energy_bridge: --set %s failed\n", key.c_str());
  }
  prefs.end();
}
}  // namespace

int main(int argc, char** argv) {
  host::init(argc, argv);
  setvbuf(stdout, nullptr, _IOLBF, 0);
  apply_settings();
  host::event("boot pid=%d utc_ms=%llu seed=%llu", static_cast<int>(getpid()), static_cast<unsigned long long>(host::boot_virtual_ms()),
              static_cast<unsigned long long>(host::options().seed));
  setup();
  host::event("setup_done uptime_ms=%lu", millis());
  uint64_t total = Serial2.host_consumed();
  for (;;) {
    host::refresh_faults();
    loop();
    const uint64_t now_total = Serial2.host_consumed();
    if (now_total != total) {
      // The power-cut hold-up point: loop() ran to completion after these bytes.
      host::event("loop uart_bytes=%llu uart_total=%llu uptime_ms=%lu", static_cast<unsigned long long>(now_total - total),
                  static_cast<unsigned long long>(now_total), millis());
      total = now_total;
      continue;
    }
    // Idle: wait up to a millisecond for UART bytes instead of spinning a core.
    pollfd p = {0, POLLIN, 0};
    if (poll(&p, 1, 1) > 0 && !(p.revents & POLLIN)) usleep(1000);  // stdin closed: the UNO is silent
  }
}
