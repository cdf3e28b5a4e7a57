#include "bridge.h"

#include <string.h>

#include "ack_message.h"
#include "seq_math.h"

Bridge::Bridge(const BridgePorts& ports, const BridgeConfig& config)
    : ports_(ports),
      config_(config),
      journal_(config.journal),
      held_(ring_, journal_),
      delivery_(held_, config.delivery),
      seqs_(ports.store, config.seq_block),
      energy_(ports.store, config.energy),
      connection_(ports.network, ports.mqtt, ports.random, config.connection) {}

bool Bridge::begin(const BridgeMemory& memory) {
  // Safe state before anything that could fail or take time.
  relay_state_ = config_.boot_relay_state;
  ports_.relay.set(relay_state_);
  ring_.attach(memory.ring, memory.ring_capacity);
  pending_.attach(memory.pending, memory.pending_capacity);
  journal_.attach(ports_.fs, memory.journal_index, memory.journal_segments);
  journal_.begin();  // readings an earlier boot could not deliver: held again, re-sent after connect
  // While NVS refuses seq reservations they go to LittleFS, if the journal has it.
  seq_file_.attach(journal_.enabled() ? ports_.fs : nullptr);
  seqs_.begin(&seq_file_);
  const uint32_t now_ms = ports_.clock.now_ms();
  energy_.begin(now_ms);
  unacked_since_ms_ = now_ms;
  ready_ = topics_.build(config_.device_id);
  return ready_;
}

bool Bridge::journaling_wanted(uint32_t now_ms) const {
  if (!journal_.enabled()) return false;
  if (!connection_.mqtt_up()) return true;  // includes the seconds after boot before the first connect
  return !held_.empty() && now_ms - unacked_since_ms_ >= config_.journal_after_unacked_ms;
}

void Bridge::sequence_pending(uint32_t now_ms) {
  journaling_ = journaling_wanted(now_ms);
  while (!pending_.empty()) {
    if (!seqs_.can_issue()) {
      // A reservation write is due: at most one attempt per seq_retry_ms while NVS fails.
      if (!due(now_ms, seq_retry_at_ms_)) return;
      seq_retry_at_ms_ = now_ms + config_.seq_retry_ms;
    }
    uint32_t seq;
    if (!seqs_.next(seq)) return;  // waits without a seq: never one flash has not confirmed
    if (!issued_this_boot_) {
      issued_this_boot_ = true;
      first_seq_this_boot_ = seq;
    }
    if (held_.empty()) unacked_since_ms_ = now_ms;
    held_.push(seq, pending_.front(), journaling_);
    pending_.pop();
    stats_.readings++;
  }
}

void Bridge::on_uart_byte(uint8_t byte) {
  if (!reader_.push(byte)) return;
  ParsedReading parsed;
  const ReadingError error = parse_uart_line(reader_.line(), reader_.length(), parsed);
  if (error != ReadingError::None) {
    stats_.invalid_lines++;
    stats_.last_error = error;
    return;
  }
  Measurement m = parsed.m;
  const uint32_t now_ms = ports_.clock.now_ms();
  if (m.energy_mwh != Measurement::kAbsent64) {
    const UnoBoot boot = {parsed.has_boot, parsed.boot};
    m.energy_mwh = energy_.on_uno_counter(m.energy_mwh, now_ms, boot);
  }
  // Before NTP has synced (Wi-Fi takes seconds after a boot) the uptime is kept instead, and
  // turned into UTC at publish time: the ingest would otherwise stamp the reading with its arrival.
  const uint64_t utc = ports_.clock.utc_ms();
  m.ts_ms = utc ? utc : (Measurement::kUptimeFlag | now_ms);
  stats_.lines++;
  pending_.push(m);
  // Sequenced, and journaled if the link is in doubt, before this returns: a power cut right
  // after the line (the supply holds up ~10 ms) must find it in flash.
  sequence_pending(now_ms);
}

void Bridge::on_message(const char* topic, const uint8_t* payload, size_t len) {
  const char* text = reinterpret_cast<const char*>(payload);
  if (strcmp(topic, topics_.ack) == 0) {
    uint32_t seq;
    if (!parse_ack(text, len, seq)) {
      stats_.bad_commands++;
      return;
    }
    const uint32_t now_ms = ports_.clock.now_ms();
    if (delivery_.on_ack(seq, now_ms) > 0) unacked_since_ms_ = now_ms;
    return;
  }
  if (strcmp(topic, topics_.relay_command) == 0) {
    RelayCommand cmd;
    if (!parse_relay_command(text, len, cmd)) {
      stats_.bad_commands++;
      return;
    }
    stats_.relay_commands++;
    // Only before its expires_at by our NTP time, and never without it (issue 16): a cut sent during
    // an outage must not act when we come back hours later. The report says what was done.
    relay_result_ = relay_command_verdict(cmd, ports_.clock.utc_ms());
    if (relay_result_ == RelayResult::Applied) {
      relay_state_ = cmd.state;
      ports_.relay.set(relay_state_);
    } else if (relay_result_ == RelayResult::Expired) {
      stats_.relay_expired++;
    } else {
      stats_.relay_no_clock++;
    }
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
  unacked_since_ms_ = now_ms;    // give the ingest a chance to ack before journaling again
  delivery_.on_connected(now_ms);
}

void Bridge::publish_relay_state() {
  char payload[300];
  const size_t len = encode_relay_report(payload, sizeof payload, relay_state_, relay_cmd_id_, relay_result_);
  if (len && ports_.mqtt.publish(topics_.relay_state, payload, len, true)) relay_report_pending_ = false;
}

uint64_t Bridge::wire_ts(uint32_t seq, uint64_t ts_ms, uint32_t now_ms) {
  if (!(ts_ms & Measurement::kUptimeFlag)) return ts_ms;
  const uint64_t utc = ports_.clock.utc_ms();
  // Only this boot's uptime can be placed on the UTC axis; a journaled reading from before a
  // reboot that never saw NTP goes without ts.
  if (!utc || !issued_this_boot_ || seq_before(seq, first_seq_this_boot_)) return 0;
  const uint32_t age_ms = now_ms - static_cast<uint32_t>(ts_ms);
  return utc > age_ms ? utc - age_ms : 0;
}

void Bridge::publish_readings(uint32_t now_ms) {
  uint32_t seq;
  for (uint8_t i = 0; i < config_.max_publishes_per_loop && delivery_.next(now_ms, seq); i++) {
    Measurement m;
    if (!held_.read(seq, m)) {
      // A journal record that no longer reads back (flash decay): lost. Once it is the oldest it
      // is released here, or the server would wait for it forever.
      stats_.unreadable++;
      if (seq == held_.oldest_seq()) held_.ack_through(seq);
      else delivery_.mark_sent(seq, now_ms);
      continue;
    }
    // oldest_seq must be <= seq on the wire. Only when the held range straddles the 32-bit wrap
    // is the oldest numerically larger; 0 then claims nothing, so the server skips no gap.
    const uint32_t oldest = held_.oldest_seq() <= seq ? held_.oldest_seq() : 0;
    m.ts_ms = wire_ts(seq, m.ts_ms, now_ms);
    char payload[kReadingPayloadMax];
    const size_t len = encode_reading(payload, sizeof payload, seq, oldest, m);
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
  sequence_pending(now_ms);
  // The link went down or acks stalled: what is only in RAM goes to flash now.
  if (journaling_ && !held_.fully_journaled() && due(now_ms, spill_retry_at_ms_)) {
    if (!held_.spill()) spill_retry_at_ms_ = now_ms + config_.spill_retry_ms;
  }
  energy_.tick(now_ms);
}
