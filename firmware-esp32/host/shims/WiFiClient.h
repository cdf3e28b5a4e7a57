// Host shim of Arduino-ESP32's WiFiClient (core 3.x: NetworkClient): a real TCP socket, refused
// while the twin's faults file says wifi_down. PubSubClient's shim speaks MQTT through libmosquitto's
// own socket; it uses the Client it is given only to tell plain from TLS.
#pragma once
#include "Client.h"

class WiFiClient : public Client {
 public:
  WiFiClient() = default;
  ~WiFiClient() override;
  WiFiClient(const WiFiClient&) = delete;
  WiFiClient& operator=(const WiFiClient&) = delete;
  int connect(IPAddress ip, uint16_t port) override;
  int connect(const char* host, uint16_t port) override;
  size_t write(uint8_t c) override { return write(&c, 1); }
  size_t write(const uint8_t* buf, size_t size) override;
  int available() override;
  int read() override;
  int read(uint8_t* buf, size_t size) override;
  int peek() override;
  void flush() override {}
  void stop() override;
  uint8_t connected() override;
  operator bool() override { return connected(); }
  virtual bool host_is_secure() const { return false; }

 protected:
  int fd_ = -1;
};
