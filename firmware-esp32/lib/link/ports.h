// The hardware and libraries the bridge drives, as small interfaces: PubSubClient, WiFi, the
// clock and the relay pin on the ESP32 (src/energy_bridge.ino), fakes in the host tests.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "relay.h"

struct MqttConnectOptions {
  const char* client_id;
  const char* username;      // the device id
  const char* password;      // the per-device secret
  const char* will_topic;    // energy/{id}/status, retained, QoS 1
  const char* will_payload;  // "offline"
};

struct MqttPort {
  virtual bool connected() = 0;
  // May block for up to the client's socket timeout: PubSubClient has no asynchronous connect.
  virtual bool connect(const MqttConnectOptions& options) = 0;
  virtual bool publish(const char* topic, const char* payload, size_t len, bool retained) = 0;
  virtual bool subscribe(const char* topic) = 0;  // QoS 1
  // Pumps the socket; incoming messages come back through Bridge::on_message().
  virtual void loop() = 0;
};

struct NetworkPort {
  virtual bool up() = 0;
  // (Re)starts association without waiting for it (WiFi.disconnect(); WiFi.begin()).
  virtual void restart() = 0;
};

struct Clock {
  virtual uint32_t now_ms() = 0;  // millis()
  virtual uint64_t utc_ms() = 0;  // 0 until NTP has synced
};

struct RelayOutput {
  virtual void set(RelayState state) = 0;
};
