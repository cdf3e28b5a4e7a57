// What every host shim shares: the command line, the twin's virtual clock, the faults file, the
// heap model and the machine-readable "#twin" events on stderr (firmware-esp32/host/README.md).
#pragma once
#include <stddef.h>
#include <stdint.h>

#include <string>
#include <utility>
#include <vector>

namespace host {

struct Options {
  std::string state_dir;
  std::string clock_file;
  std::string faults_file;
  std::vector<std::pair<std::string, std::string>> sets;  // --set key=value, before setup()
  uint64_t seed = 0;
  bool seed_given = false;
  std::vector<std::string> argv;  // for ESP.restart()
};

// Parses the command line, maps the clock, prepares the state directory. Exits on bad usage.
void init(int argc, char** argv);
const Options& options();
std::string state_path(const std::string& relative);

// Virtual UTC ms from the clock file (never decreasing), and at this process's start.
uint64_t virtual_utc_ms();
uint64_t boot_virtual_ms();
inline uint64_t uptime_ms() { return virtual_utc_ms() - boot_virtual_ms(); }
// Waits until the virtual clock has advanced by ms (real sleeps of 200 us).
void wait_virtual_ms(uint64_t ms);
// Real (monotonic) ms, for bounds that must hold even if the twin's clock stops.
uint64_t real_ms();

struct Faults {
  bool nvs_write_fail = false;
  bool nvs_powercut = false;
  bool flash_write_fail = false;
  bool flash_powercut = false;
  bool wifi_down = false;
  bool mqtt_down = false;          // Wi-Fi up, broker unreachable
  bool mqtt_alloc_fail = false;    // PubSubClient::setBufferSize fails
  uint32_t wifi_assoc_ms = 1000;   // virtual time an association takes
  uint32_t heap_free = 200000;     // ESP.getFreeHeap() after Wi-Fi start, before our allocations
  uint32_t heap_max_alloc = 110592;
  uint32_t flash_total = 1441792;
};
// The faults file as last read; re-read when it changed (checked at most every 20 ms real).
const Faults& faults();
void refresh_faults();

// One "#twin <text>" line on stderr, written with a single write().
void event(const char* format, ...) __attribute__((format(printf, 1, 2)));

uint32_t random32();
// Kills this process with SIGKILL now, as a power cut would (after an event naming where).
[[noreturn]] void power_cut(const char* where);

// The heap model behind ESP.getFreeHeap()/getMaxAllocHeap() and heap_caps_*.
void* heap_alloc(size_t size);
void* heap_realloc(void* ptr, size_t size);
void heap_free(void* ptr);
uint32_t heap_used();

// Serial2's reads since boot, and whether Wi-Fi is associated now (shared by the shims).
bool wifi_associated();
bool ntp_synced();
// Called by WiFi.status() while associated: SNTP, configured by then, syncs in the background.
void note_wifi_up();
// Called when Wi-Fi drops: every TCP connection dies with it (PubSubClient's shim closes its
// sockets without DISCONNECT, so the broker publishes the will).
void wifi_lost();

}  // namespace host
