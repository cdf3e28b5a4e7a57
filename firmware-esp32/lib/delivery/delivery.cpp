#include "delivery.h"

#include "seq_math.h"

Delivery::Delivery(HeldSeqs& held, const DeliveryConfig& config)
    : held_(held), config_(config), ack_timeout_ms_(config.ack_timeout_ms) {}

void Delivery::on_connected(uint32_t now_ms) {
  connected_ = true;
  // Whatever is held now may never have reached the broker: all of it is backlog.
  backlog_next_ = held_.empty() ? held_.next_seq() : held_.oldest_seq();
  backlog_end_ = held_.next_seq();
  live_next_ = backlog_end_;
  quiet_since_ms_ = now_ms;
  last_resend_ms_ = now_ms - config_.resend_interval_ms;  // the first re-send may go at once
  ack_timeout_ms_ = config_.ack_timeout_ms;
}

void Delivery::on_disconnected() { connected_ = false; }

uint32_t Delivery::on_ack(uint32_t ack_seq, uint32_t now_ms) {
  const uint32_t dropped = held_.ack_through(ack_seq);
  if (dropped == 0) return 0;  // stale or repeated ack: no progress
  stats_.acked += dropped;
  quiet_since_ms_ = now_ms;
  ack_timeout_ms_ = config_.ack_timeout_ms;
  return dropped;
}

void Delivery::clamp_to_held() {
  // Acks and overflow remove readings from the front; cursors never point before it, nor into a gap.
  if (held_.empty()) {
    backlog_next_ = backlog_end_ = held_.next_seq();
    if (seq_before(live_next_, held_.next_seq())) live_next_ = held_.next_seq();
    return;
  }
  const uint32_t oldest = held_.oldest_seq();
  if (seq_before(backlog_next_, oldest)) backlog_next_ = oldest;
  if (seq_before(backlog_end_, oldest)) backlog_end_ = oldest;
  if (seq_before(live_next_, oldest)) live_next_ = oldest;
  if (seq_before(backlog_next_, backlog_end_)) backlog_next_ = held_.next_held(backlog_next_);
  live_next_ = held_.next_held(live_next_);
}

bool Delivery::next(uint32_t now_ms, uint32_t& seq_out) {
  if (!connected_) return false;
  clamp_to_held();
  if (held_.empty()) quiet_since_ms_ = now_ms;  // nothing outstanding, nothing to time out

  if (seq_before(live_next_, held_.next_seq())) {
    seq_out = live_next_;
    return true;
  }

  if (seq_before(backlog_next_, backlog_end_)) {
    if (now_ms - last_resend_ms_ < config_.resend_interval_ms) return false;
    seq_out = backlog_next_;
    return true;
  }

  // Everything held has been sent. If no ack made progress since the last complete pass (live
  // readings do not count: the oldest one is what the ack is stuck on), send it all again.
  if (!held_.empty() && now_ms - quiet_since_ms_ >= ack_timeout_ms_) {
    stats_.ack_timeouts++;
    backlog_next_ = held_.oldest_seq();
    backlog_end_ = live_next_;
    quiet_since_ms_ = now_ms;
    ack_timeout_ms_ = ack_timeout_ms_ > config_.ack_timeout_max_ms / 2 ? config_.ack_timeout_max_ms : ack_timeout_ms_ * 2;
    return next(now_ms, seq_out);
  }
  return false;
}

void Delivery::mark_sent(uint32_t seq, uint32_t now_ms) {
  if (seq == live_next_) {
    live_next_++;
    return;
  }
  if (seq == backlog_next_) {
    backlog_next_++;
    last_resend_ms_ = now_ms;
    stats_.resent++;
    if (backlog_next_ == backlog_end_) quiet_since_ms_ = now_ms;  // the timeout runs from the end of a pass
  }
}
