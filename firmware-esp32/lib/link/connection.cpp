#include "connection.h"

Connection::Connection(NetworkPort& network, MqttPort& mqtt, RandomSource& random, const ConnectionConfig& config)
    : network_(network),
      mqtt_(mqtt),
      wifi_backoff_(config.wifi_base_ms, config.wifi_cap_ms, random),
      mqtt_backoff_(config.mqtt_base_ms, config.mqtt_cap_ms, random) {}

ConnectionEvent Connection::tick(uint32_t now_ms, const MqttConnectOptions& options) {
  if (!started_) {
    started_ = true;
    wifi_retry_at_ = mqtt_retry_at_ = now_ms;
  }
  if (!network_.up()) {
    if (due(now_ms, wifi_retry_at_)) {
      network_.restart();
      wifi_restarts_++;
      wifi_retry_at_ = now_ms + wifi_backoff_.next_delay_ms();
    }
    if (mqtt_up_) {
      mqtt_up_ = false;
      return ConnectionEvent::Disconnected;
    }
    return ConnectionEvent::None;
  }
  wifi_backoff_.reset();
  wifi_retry_at_ = now_ms;  // a later drop restarts Wi-Fi at once, then backs off

  if (mqtt_up_) {
    if (mqtt_.connected()) return ConnectionEvent::None;
    mqtt_up_ = false;
    mqtt_retry_at_ = now_ms + mqtt_backoff_.next_delay_ms();
    return ConnectionEvent::Disconnected;
  }
  if (!due(now_ms, mqtt_retry_at_)) return ConnectionEvent::None;
  mqtt_attempts_++;
  if (mqtt_.connect(options)) {
    mqtt_up_ = true;
    mqtt_backoff_.reset();
    return ConnectionEvent::Connected;
  }
  mqtt_retry_at_ = now_ms + mqtt_backoff_.next_delay_ms();
  return ConnectionEvent::None;
}
