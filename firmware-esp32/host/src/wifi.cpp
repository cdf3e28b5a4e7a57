// Host shim implementation: WiFi (a modelled association, cut by the faults file) and WiFiClient
// (a real TCP socket).
#include <WiFi.h>
#include <WiFiClient.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "host_runtime.h"

WiFiClass WiFi;

bool WiFiClass::mode(wifi_mode_t m) {
  mode_ = m;
  return true;
}

bool WiFiClass::setAutoReconnect(bool autoReconnect) {
  auto_reconnect_ = autoReconnect;
  return true;
}

wl_status_t WiFiClass::begin(const char* ssid, const char*, int32_t, const uint8_t*, bool connect) {
  if (mode_ == WIFI_MODE_NULL) mode_ = WIFI_MODE_STA;
  associated_ = lost_ = failed_ = false;
  if (!ssid || !*ssid) {
    failed_ = true;
    host::event("wifi begin refused=empty_ssid");
    return WL_CONNECT_FAILED;
  }
  attempting_ = connect;
  associated_at_ms_ = host::virtual_utc_ms() + host::faults().wifi_assoc_ms;
  host::event("wifi begin ssid=%s", ssid);
  return WL_DISCONNECTED;
}

bool WiFiClass::disconnect(bool, bool) {
  if (associated_) {
    host::event("wifi disconnected reason=disconnect");
    host::wifi_lost();
  }
  associated_ = attempting_ = lost_ = failed_ = false;
  return true;
}

bool WiFiClass::reconnect() { return false; }

wl_status_t WiFiClass::status() {
  host::refresh_faults();
  const bool down = host::faults().wifi_down;
  if (associated_ && down) {
    associated_ = false;
    lost_ = true;
    host::event("wifi disconnected reason=fault");
    host::wifi_lost();
  }
  if (attempting_) {
    if (down) {
      attempting_ = false;  // no access point: this attempt fails; the bridge backs off and retries
      failed_ = true;
    } else if (host::virtual_utc_ms() >= associated_at_ms_) {
      attempting_ = false;
      associated_ = true;
      host::event("wifi connected");
    }
  }
  if (associated_) {
    host::note_wifi_up();
    return WL_CONNECTED;
  }
  if (lost_) return WL_CONNECTION_LOST;
  if (failed_) return WL_NO_SSID_AVAIL;
  return attempting_ ? WL_DISCONNECTED : WL_IDLE_STATUS;
}

namespace host {
bool wifi_associated() { return WiFi.status() == WL_CONNECTED; }
}  // namespace host

// --- WiFiClient -------------------------------------------------------------------------------
WiFiClient::~WiFiClient() { stop(); }

int WiFiClient::connect(IPAddress ip, uint16_t port) { return connect(ip.toString().c_str(), port); }

int WiFiClient::connect(const char* host_name, uint16_t port) {
  stop();
  if (!host::wifi_associated()) return 0;
  addrinfo hints = {};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (getaddrinfo(host_name, std::to_string(port).c_str(), &hints, &res) != 0) return 0;
  for (addrinfo* a = res; a && fd_ < 0; a = a->ai_next) {
    fd_ = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd_ >= 0 && ::connect(fd_, a->ai_addr, a->ai_addrlen) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  freeaddrinfo(res);
  if (fd_ < 0) return 0;
  const int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return 1;
}

size_t WiFiClient::write(const uint8_t* buf, size_t size) {
  if (!connected()) return 0;
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::send(fd_, buf + done, size - done, MSG_NOSIGNAL);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  return done;
}

int WiFiClient::available() {
  if (!connected()) return 0;
  int n = 0;
  return ioctl(fd_, FIONREAD, &n) == 0 ? n : 0;
}

int WiFiClient::read() {
  uint8_t b;
  return read(&b, 1) == 1 ? b : -1;
}

int WiFiClient::read(uint8_t* buf, size_t size) {
  if (fd_ < 0) return -1;
  const ssize_t n = ::recv(fd_, buf, size, MSG_DONTWAIT);
  return n > 0 ? static_cast<int>(n) : -1;
}

int WiFiClient::peek() {
  uint8_t b;
  if (fd_ < 0) return -1;
  return ::recv(fd_, &b, 1, MSG_PEEK | MSG_DONTWAIT) == 1 ? b : -1;
}

void WiFiClient::stop() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

uint8_t WiFiClient::connected() {
  if (fd_ < 0) return 0;
  if (!host::wifi_associated()) {
    stop();
    return 0;
  }
  uint8_t b;
  const ssize_t n = ::recv(fd_, &b, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
    stop();
    return 0;
  }
  return 1;
}
