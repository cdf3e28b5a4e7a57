#include "host_runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>

#undef time

namespace host {
namespace {
Options g_options;
const volatile uint64_t* g_clock = nullptr;
uint64_t g_boot_ms = 0;
uint64_t g_last_ms = 0;
Faults g_faults;
struct timespec g_faults_mtime = {0, 0};
off_t g_faults_size = -1;
uint64_t g_faults_checked_real = 0;
std::mt19937_64 g_rng;
uint32_t g_heap_used = 0;

[[noreturn]] void usage(const char* why) {
  fprintf(stderr,
          "energy_bridge: %s\n"
          "usage: energy_bridge --state DIR --clock FILE [--set key=value ...] [--faults FILE] [--seed N]\n",
          why);
  exit(2);
}

void make_dirs(const std::string& path) {
  for (size_t i = 1; i <= path.size(); i++)
    if (i == path.size() || path[i] == '/') mkdir(path.substr(0, i).c_str(), 0755);
}

bool parse_bool(const std::string& v) { return v == "1" || v == "true" || v == "on" || v == "yes"; }

void apply_fault(Faults& f, const std::string& key, const std::string& value) {
  const uint32_t n = static_cast<uint32_t>(strtoul(value.c_str(), nullptr, 10));
  if (key == "nvs_write_fail") f.nvs_write_fail = parse_bool(value);
  else if (key == "nvs_powercut") f.nvs_powercut = parse_bool(value);
  else if (key == "flash_write_fail") f.flash_write_fail = parse_bool(value);
  else if (key == "flash_powercut") f.flash_powercut = parse_bool(value);
  else if (key == "wifi_down") f.wifi_down = parse_bool(value);
  else if (key == "mqtt_down") f.mqtt_down = parse_bool(value);
  else if (key == "mqtt_alloc_fail") f.mqtt_alloc_fail = parse_bool(value);
  else if (key == "wifi_assoc_ms") f.wifi_assoc_ms = n;
  else if (key == "heap_free") f.heap_free = n;
  else if (key == "heap_max_alloc") f.heap_max_alloc = n;
  else if (key == "flash_total") f.flash_total = n;
}

void read_faults() {
  Faults f;
  FILE* in = fopen(g_options.faults_file.c_str(), "r");
  if (in) {
    char line[256];
    while (fgets(line, sizeof line, in)) {
      // key=value, one a line; '#' starts a comment. JSON-ish punctuation is ignored, so
      // {"wifi_down": 1} works too.
      std::string s;
      for (char* p = line; *p && *p != '#'; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && *p != '"' && *p != '{' && *p != '}' && *p != ',') s += *p == ':' ? '=' : *p;
      const size_t eq = s.find('=');
      if (eq != std::string::npos) apply_fault(f, s.substr(0, eq), s.substr(eq + 1));
    }
    fclose(in);
  }
  g_faults = f;
}
}  // namespace

const Options& options() { return g_options; }

std::string state_path(const std::string& relative) { return g_options.state_dir + "/" + relative; }

void init(int argc, char** argv) {
  for (int i = 0; i < argc; i++) g_options.argv.push_back(argv[i]);
  for (int i = 1; i < argc; i++) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(("missing value after " + a).c_str());
      return argv[++i];
    };
    if (a == "--state") g_options.state_dir = value();
    else if (a == "--clock") g_options.clock_file = value();
    else if (a == "--faults") g_options.faults_file = value();
    else if (a == "--seed") g_options.seed = strtoull(value().c_str(), nullptr, 10), g_options.seed_given = true;
    else if (a == "--set") {
      const std::string kv = value();
      const size_t eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) usage("--set needs key=value");
      g_options.sets.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    } else usage(("unknown argument " + a).c_str());
  }
  if (g_options.state_dir.empty()) usage("--state is required");
  if (g_options.clock_file.empty()) usage("--clock is required");
  make_dirs(g_options.state_dir);
  make_dirs(state_path("nvs"));
  make_dirs(state_path("littlefs"));

  const int fd = open(g_options.clock_file.c_str(), O_RDONLY);
  if (fd < 0) usage(("cannot open the clock file: " + std::string(strerror(errno))).c_str());
  void* map = mmap(nullptr, 8, PROT_READ, MAP_SHARED, fd, 0);
  close(fd);
  if (map == MAP_FAILED) usage("cannot map the clock file (it must hold at least 8 bytes)");
  g_clock = static_cast<const volatile uint64_t*>(map);
  g_boot_ms = virtual_utc_ms();

  if (!g_options.seed_given) g_options.seed = std::random_device()() ^ (static_cast<uint64_t>(getpid()) << 32);
  g_rng.seed(g_options.seed);
  if (!g_options.faults_file.empty()) read_faults();
  // Serial2 reads stdin without blocking, as a UART FIFO is polled.
  fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
}

uint64_t virtual_utc_ms() {
  // The twin rewrites the 8 bytes in place; read until two reads agree, so a torn update is never
  // seen, and never go back in time.
  uint64_t a = *g_clock, b = *g_clock;
  while (a != b) a = b, b = *g_clock;
  if (a > g_last_ms) g_last_ms = a;
  return g_last_ms;
}

uint64_t boot_virtual_ms() { return g_boot_ms; }

uint64_t real_ms() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
}

void wait_virtual_ms(uint64_t ms) {
  const uint64_t until = virtual_utc_ms() + ms;
  while (virtual_utc_ms() < until) usleep(200);
}

const Faults& faults() { return g_faults; }

void refresh_faults() {
  if (g_options.faults_file.empty()) return;
  const uint64_t now = real_ms();
  if (now - g_faults_checked_real < 20) return;
  g_faults_checked_real = now;
  struct stat st;
  if (stat(g_options.faults_file.c_str(), &st) != 0) {
    if (g_faults_size != -1) g_faults = Faults(), g_faults_size = -1;
    return;
  }
  if (st.st_size == g_faults_size && st.st_mtim.tv_sec == g_faults_mtime.tv_sec && st.st_mtim.tv_nsec == g_faults_mtime.tv_nsec) return;
  g_faults_size = st.st_size;
  g_faults_mtime = st.st_mtim;
  const Faults before = g_faults;
  read_faults();
  event("faults nvs_write_fail=%d nvs_powercut=%d flash_write_fail=%d flash_powercut=%d wifi_down=%d mqtt_down=%d", g_faults.nvs_write_fail,
        g_faults.nvs_powercut, g_faults.flash_write_fail, g_faults.flash_powercut, g_faults.wifi_down, g_faults.mqtt_down);
  (void)before;
}

void event(const char* format, ...) {
  char line[512];
  int n = snprintf(line, sizeof line, "#twin ");
  va_list args;
  va_start(args, format);
  n += vsnprintf(line + n, sizeof line - static_cast<size_t>(n) - 1, format, args);
  va_end(args);
  if (n > static_cast<int>(sizeof line) - 2) n = sizeof line - 2;
  line[n++] = '\n';
  ssize_t done = 0;
  while (done < n) {
    const ssize_t w = write(2, line + done, static_cast<size_t>(n - done));
    if (w <= 0 && errno != EINTR) break;
    if (w > 0) done += w;
  }
}

uint32_t random32() { return static_cast<uint32_t>(g_rng()); }

void power_cut(const char* where) {
  event("power_cut at=%s", where);
  kill(getpid(), SIGKILL);
  for (;;) pause();
}

// Each block carries its size in front, so free() can give it back to the model.
void* heap_alloc(size_t size) {
  const Faults& f = faults();
  if (size + 16 > f.heap_max_alloc || g_heap_used + size + 16 > f.heap_free) return nullptr;
  uint8_t* p = static_cast<uint8_t*>(malloc(size + 16));
  if (!p) return nullptr;
  *reinterpret_cast<size_t*>(p) = size;
  g_heap_used += static_cast<uint32_t>(size + 16);
  return p + 16;
}

void heap_free(void* ptr) {
  if (!ptr) return;
  uint8_t* p = static_cast<uint8_t*>(ptr) - 16;
  g_heap_used -= static_cast<uint32_t>(*reinterpret_cast<size_t*>(p) + 16);
  free(p);
}

void* heap_realloc(void* ptr, size_t size) {
  if (!ptr) return heap_alloc(size);
  void* fresh = heap_alloc(size);
  if (!fresh) return nullptr;  // the old block stays, as realloc() leaves it
  const size_t old = *reinterpret_cast<size_t*>(static_cast<uint8_t*>(ptr) - 16);
  memcpy(fresh, ptr, old < size ? old : size);
  heap_free(ptr);
  return fresh;
}

uint32_t heap_used() { return g_heap_used; }

}  // namespace host
