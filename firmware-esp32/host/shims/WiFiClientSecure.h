// Host shim of Arduino-ESP32's WiFiClientSecure (core 3.x: NetworkClientSecure). It keeps the CA
// certificate; PubSubClient's shim then connects with TLS through libmosquitto, verified against it.
// Used directly as a Client it offers no TLS and refuses to connect.
#pragma once
#include "WiFiClient.h"

class WiFiClientSecure : public WiFiClient {
 public:
  void setCACert(const char* root_ca) { ca_ = root_ca; }
  void setInsecure() { insecure_ = true; }
  void setCertificate(const char*) {}
  void setPrivateKey(const char*) {}
  int connect(IPAddress, uint16_t) override { return 0; }
  int connect(const char*, uint16_t) override { return 0; }
  bool host_is_secure() const override { return true; }
  const char* host_ca() const { return ca_; }
  bool host_insecure() const { return insecure_; }

 private:
  const char* ca_ = nullptr;
  bool insecure_ = false;
};
