#include "bridge.h"

#include <string.h>

#include "ack_message.h"

Bridge::Bridge(const BridgePorts& ports, Measurement* ring_storage, uint32_t ring_capacity, const BridgeConfig& config)
    : ports_(ports),
      config_(config),
      ring_(ring_storage, ring_capacity),
      delivery_(ring_, config.delivery),
      seqs_(ports.store, config.seq_block),
      energy_(ports.store, config.energy),
      connection_(ports.network, ports.mqtt, ports.random, config.connection) {}

bool Bridge::begin() {
  // Safe state before anything that could fail or take time.
  relay_state_ = config_.boot_relay_state;
  ports_.relay.set(relay_state_);
  seqs_.begin();
  energy_.begin(ports_.clock.now_ms());
  ready_ = topics_.build(config_.device_id);
  return ready_;
}

void Bridge::on_uart_byte(uint8_t byte) {
  if (!reader_.push(byte)) return;
  Measurement m;
  const ReadingError error = parse_uart_line(reader_.line(), reader_.length(), m);
  if (error != ReadingError::None) {
    stats_.invalid_lines++;
    stats_.last_error = error;
    return;
  }
  const uint32_t now_ms = ports_.clock.now_ms();
  if (m.energy_mwh != Measurement::kAbsent64) m.energy_mwh = energy_.on_uno_counter(m.energy_mwh, now_ms);
  m.ts_ms = ports_.clock.utc_ms();
  ring_.push(seqs_.next(), m);
  stats_.readings++;
}

void Bridge::on_message(const char* topic, const uint8_t* payload, size_t len) {
  const char* text = reinterpret_cast<const char*>(payload);
  if (strcmp(topic, topics_.ack) == 0) {
    uint32_t seq;
    if (parse_ack(text, len, seq)) delivery_.on_ack(seq, ports_.clock.now_ms());
    else stats_.bad_commands++;
    return;
  }
  if (strcmp(topic, topics_.relay_command) == 0) {
    RelayCommand cmd;
    if (!parse_relay_command(text, len, cmd)) {
      stats_.bad_commands++;
      return;
    }
    stats_.relay_commands++;
    relay_state_ = cmd.state;
    ports_.relay.set(relay_state_);
    memcpy(relay_cmd_id_, cmd.cmd_id, sizeof relay_cmd_id_);
    // Reported from loop(): PubSubClient's callback runs inside its buffer, which a publish reuses.
    relay_report_pending_ = true;
  }
}

void Bridge::on_connected(uint32_t now_ms) {
  // The will message makes the broker publish "offline" for us; "online" replaces it now.
  ports_.mqtt.publish(topics_.status, "online", 6, true);
  ports_.mqtt.subscribe(topics_.ack);
  ports_.mqtt.subscribe(topics_.relay_command);
  relay_report_pending_ = true;  // the retained state may predate our reboot
  delivery_.on_connected(now_ms);
}

void Bridge::publish_relay_state() {
  char payload[300];
  const size_t len = encode_relay_report(payload, sizeof payload, relay_state_, relay_cmd_id_);
  if (len && ports_.mqtt.publish(topics_.relay_state, payload, len, true)) relay_report_pending_ = false;
}

void Bridge::publish_readings(uint32_t now_ms) {
  uint32_t seq;
  for (uint8_t i = 0; i < config_.max_publishes_per_loop && delivery_.next(now_ms, seq); i++) {
    const Measurement* m = ring_.find(seq);
    if (!m) break;
    // oldest_seq must be <= seq on the wire. Only when the held range straddles the 32-bit wrap
    // is the oldest numerically larger; 0 then claims nothing, so the server skips no gap.
    const uint32_t oldest = ring_.oldest_seq() <= seq ? ring_.oldest_seq() : 0;
    char payload[kReadingPayloadMax];
    const size_t len = encode_reading(payload, sizeof payload, seq, oldest, *m);
    if (len == 0 || !ports_.mqtt.publish(topics_.reading, payload, len, false)) {
      stats_.publish_failures++;
      break;  // the connection is probably gone; the next tick notices
    }
    stats_.published++;
    delivery_.mark_sent(seq, now_ms);
  }
}

void Bridge::loop() {
  if (!ready_) return;
  const uint32_t now_ms = ports_.clock.now_ms();
  const MqttConnectOptions options = {config_.device_id, config_.device_id, config_.secret, topics_.status, "offline"};
  switch (connection_.tick(now_ms, options)) {
    case ConnectionEvent::Connected: on_connected(now_ms); break;
    case ConnectionEvent::Disconnected: delivery_.on_disconnected(); break;
    case ConnectionEvent::None: break;
  }
  if (connection_.mqtt_up()) {
    ports_.mqtt.loop();
    if (relay_report_pending_) publish_relay_state();
    publish_readings(now_ms);
  }
  energy_.tick(now_ms);
}
