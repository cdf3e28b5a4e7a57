// Keeps Wi-Fi and MQTT up without ever waiting in loop(): each tick looks at the state and, when
// the backoff allows, starts one attempt. Wi-Fi association runs in the background; the MQTT
// connect is the one call that blocks (PubSubClient), bounded by its socket timeout.
#pragma once
#include <stdint.h>

#include "backoff.h"
#include "ports.h"

struct ConnectionConfig {
  uint32_t wifi_base_ms = 5000;    // association usually takes 2-4 s
  uint32_t wifi_cap_ms = 120000;
  uint32_t mqtt_base_ms = 1000;
  uint32_t mqtt_cap_ms = 60000;
};

enum class ConnectionEvent { None, Connected, Disconnected };

class Connection {
 public:
  Connection(NetworkPort& network, MqttPort& mqtt, RandomSource& random, const ConnectionConfig& config);

  ConnectionEvent tick(uint32_t now_ms, const MqttConnectOptions& options);
  bool mqtt_up() const { return mqtt_up_; }
  uint32_t mqtt_attempts() const { return mqtt_attempts_; }
  uint32_t wifi_restarts() const { return wifi_restarts_; }

 private:
  static bool due(uint32_t now_ms, uint32_t at_ms) { return static_cast<int32_t>(now_ms - at_ms) >= 0; }

  NetworkPort& network_;
  MqttPort& mqtt_;
  Backoff wifi_backoff_;
  Backoff mqtt_backoff_;
  bool started_ = false;
  bool mqtt_up_ = false;
  uint32_t wifi_retry_at_ = 0;
  uint32_t mqtt_retry_at_ = 0;
  uint32_t mqtt_attempts_ = 0;
  uint32_t wifi_restarts_ = 0;
};
