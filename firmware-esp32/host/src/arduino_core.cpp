// Host shim implementation: time, pins, Print/String helpers, Serial/Serial2, ESP, heap_caps,
// esp_random, SNTP time.
#include <Arduino.h>
#include <esp_heap_caps.h>
#include <esp_random.h>
#include <esp_system.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/time.h>
#include <unistd.h>

#include "host_runtime.h"

#undef gettimeofday
#undef time

HardwareSerial Serial(0);
HardwareSerial Serial1(1);
HardwareSerial Serial2(2);
EspClass ESP;

namespace {
bool g_ntp_configured = false;
bool g_ntp_synced = false;
uint8_t g_pins[40];
}  // namespace

unsigned long millis() { return static_cast<unsigned long>(static_cast<uint32_t>(host::uptime_ms())); }
unsigned long micros() { return static_cast<unsigned long>(static_cast<uint32_t>(host::uptime_ms() * 1000ULL)); }
void delay(uint32_t ms) {
  if (ms == 0) return yield();
  host::wait_virtual_ms(ms);
}
void delayMicroseconds(uint32_t us) { usleep(us < 1000 ? us : 1000); }
void yield() { usleep(50); }

void pinMode(uint8_t pin, uint8_t mode) { host::event("pin_mode pin=%u mode=%u", pin, mode); }
void digitalWrite(uint8_t pin, uint8_t val) {
  if (pin < sizeof g_pins && g_pins[pin] != val) host::event("gpio pin=%u value=%u", pin, val);
  if (pin < sizeof g_pins) g_pins[pin] = val;
}
int digitalRead(uint8_t pin) { return pin < sizeof g_pins ? g_pins[pin] : 0; }

#if defined(__GLIBC__) && (__GLIBC__ < 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ < 38))
size_t strlcpy(char* dst, const char* src, size_t size) {
  const size_t n = strlen(src);
  if (size) {
    const size_t k = n < size - 1 ? n : size - 1;
    memcpy(dst, src, k);
    dst[k] = '\0';
  }
  return n;
}
size_t strlcat(char* dst, const char* src, size_t size) {
  const size_t d = strnlen(dst, size);
  return d == size ? size + strlen(src) : d + strlcpy(dst + d, src, size - d);
}
#endif

size_t Print::printf(const char* format, ...) {
  char small[256];
  va_list args;
  va_start(args, format);
  const int n = vsnprintf(small, sizeof small, format, args);
  va_end(args);
  if (n < 0) return 0;
  if (static_cast<size_t>(n) < sizeof small) return write(reinterpret_cast<const uint8_t*>(small), static_cast<size_t>(n));
  std::string big(static_cast<size_t>(n) + 1, '\0');
  va_start(args, format);
  vsnprintf(&big[0], big.size(), format, args);
  va_end(args);
  return write(reinterpret_cast<const uint8_t*>(big.data()), static_cast<size_t>(n));
}

void String::trim() {
  const size_t b = s_.find_first_not_of(" \t\r\n");
  const size_t e = s_.find_last_not_of(" \t\r\n");
  s_ = b == std::string::npos ? std::string() : s_.substr(b, e - b + 1);
}

// --- HardwareSerial ---------------------------------------------------------------------------
void HardwareSerial::begin(unsigned long baud, uint32_t, int8_t rxPin, int8_t txPin, bool, unsigned long, uint8_t) {
  if (!rx_) rx_ = static_cast<uint8_t*>(host::heap_alloc(rx_buffer_size_));
  begun_ = true;
  host::event("serial uart=%d begin baud=%lu rx=%d tx=%d rx_buffer=%zu", uart_nr_, baud, rxPin, txPin, rx_buffer_size_);
}

void HardwareSerial::end() { begun_ = false; }

size_t HardwareSerial::setRxBufferSize(size_t new_size) {
  if (begun_ || new_size < 128) return 0;  // the core refuses after begin() and below the FIFO size
  rx_buffer_size_ = new_size;
  return new_size;
}

size_t HardwareSerial::setTxBufferSize(size_t new_size) { return begun_ ? 0 : new_size; }

void HardwareSerial::fill() {
  // Serial2 is the UNO: its bytes arrive on stdin. UART0 has no input on the host.
  if (uart_nr_ != 2 || !begun_ || input_closed_ || !rx_) return;
  while (rx_count_ < rx_buffer_size_) {
    uint8_t chunk[256];
    size_t want = rx_buffer_size_ - rx_count_;
    if (want > sizeof chunk) want = sizeof chunk;
    const ssize_t n = ::read(0, chunk, want);
    if (n == 0) input_closed_ = true;  // the twin closed the pipe: the UNO is silent from now on
    if (n <= 0) return;
    for (ssize_t i = 0; i < n; i++) rx_[(rx_head_ + rx_count_++) % rx_buffer_size_] = chunk[i];
  }
}

int HardwareSerial::available() {
  fill();
  return static_cast<int>(rx_count_);
}

int HardwareSerial::read() {
  if (rx_count_ == 0) fill();
  if (rx_count_ == 0) return -1;
  const uint8_t b = rx_[rx_head_];
  rx_head_ = (rx_head_ + 1) % rx_buffer_size_;
  rx_count_--;
  consumed_++;
  return b;
}

int HardwareSerial::peek() {
  if (rx_count_ == 0) fill();
  return rx_count_ ? rx_[rx_head_] : -1;
}

size_t HardwareSerial::read(uint8_t* buffer, size_t size) {
  size_t n = 0;
  for (int c; n < size && (c = read()) >= 0;) buffer[n++] = static_cast<uint8_t>(c);
  return n;
}

size_t HardwareSerial::write(uint8_t c) { return write(&c, 1); }

size_t HardwareSerial::write(const uint8_t* buffer, size_t size) {
  // UART0 is the USB console: stdout. The other UARTs' TX pins are unconnected here.
  if (uart_nr_ != 0) return size;
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::write(1, buffer + done, size - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  return size;
}

void HardwareSerial::flush() {}

// --- ESP, heap, random ------------------------------------------------------------------------
uint32_t EspClass::getHeapSize() { return 320 * 1024; }
uint32_t EspClass::getFreeHeap() {
  const uint32_t total = host::faults().heap_free;
  return total > host::heap_used() ? total - host::heap_used() : 0;
}
uint32_t EspClass::getMinFreeHeap() { return getFreeHeap(); }
uint32_t EspClass::getMaxAllocHeap() {
  const uint32_t free_heap = getFreeHeap();
  return free_heap < host::faults().heap_max_alloc ? free_heap : host::faults().heap_max_alloc;
}
uint64_t EspClass::getEfuseMac() { return 0x01000000C40A24ULL; }

void EspClass::restart() {
  // A software reset: RAM starts over, NVS and flash stay, the UART keeps flowing (same stdin).
  host::event("restart");
  fflush(stdout);
  for (int fd = 3; fd < 1024; fd++) close(fd);
  std::vector<char*> args;
  for (const std::string& a : host::options().argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execv("/proc/self/exe", args.data());
  _exit(3);
}

extern "C" {
void esp_restart(void) { ESP.restart(); }
uint32_t esp_get_free_heap_size(void) { return ESP.getFreeHeap(); }
uint32_t esp_get_minimum_free_heap_size(void) { return ESP.getMinFreeHeap(); }
uint32_t esp_random(void) { return host::random32(); }
void esp_fill_random(void* buf, size_t len) {
  uint8_t* p = static_cast<uint8_t*>(buf);
  for (size_t i = 0; i < len; i++) p[i] = static_cast<uint8_t>(host::random32());
}
void* heap_caps_malloc(size_t size, uint32_t) { return host::heap_alloc(size); }
void* heap_caps_calloc(size_t n, size_t size, uint32_t) {
  void* p = host::heap_alloc(n * size);
  if (p) memset(p, 0, n * size);
  return p;
}
void heap_caps_free(void* ptr) { host::heap_free(ptr); }
size_t heap_caps_get_free_size(uint32_t) { return ESP.getFreeHeap(); }
size_t heap_caps_get_largest_free_block(uint32_t) { return ESP.getMaxAllocHeap(); }
}

// --- SNTP -----------------------------------------------------------------------------------------
void configTime(long, int, const char* server1, const char*, const char*) {
  g_ntp_configured = true;
  host::event("sntp server=%s", server1 ? server1 : "");
}

namespace host {
void note_wifi_up() {
  // SNTP needs the network: synced from the first moment Wi-Fi is up after configTime(); the RTC
  // keeps the time from then on (until this process ends: a power cut).
  if (!g_ntp_synced && g_ntp_configured) {
    g_ntp_synced = true;
    event("sntp synced utc_ms=%llu", static_cast<unsigned long long>(virtual_utc_ms()));
  }
}

bool ntp_synced() {
  if (!g_ntp_synced) wifi_associated();  // WiFi.status() notes the link
  return g_ntp_synced;
}
}  // namespace host

extern "C" int host_gettimeofday(struct timeval* tv, void*) {
  const uint64_t ms = host::ntp_synced() ? host::virtual_utc_ms() : host::uptime_ms();
  if (tv) {
    tv->tv_sec = static_cast<time_t>(ms / 1000);
    tv->tv_usec = static_cast<suseconds_t>((ms % 1000) * 1000);
  }
  return 0;
}

extern "C" time_t host_time(time_t* out) {
  struct timeval tv;
  host_gettimeofday(&tv, nullptr);
  if (out) *out = tv.tv_sec;
  return tv.tv_sec;
}

bool getLocalTime(struct tm* info, uint32_t ms) {
  const uint64_t start = host::virtual_utc_ms();
  for (;;) {
    time_t now = host_time(nullptr);
    if (now > 1600000000) {
      localtime_r(&now, info);
      return true;
    }
    if (host::virtual_utc_ms() - start >= ms) return false;
    usleep(1000);
  }
}
