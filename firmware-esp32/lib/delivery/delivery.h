// Decides which held reading to publish next. PubSubClient publishes at QoS 0, so a publish is a
// hope, not a delivery: only an ack on energy/{id}/ack (sent by the ingest after its database
// commit) lets a reading go. Policy:
//  - live first: a reading taken while connected is published at once, unpaced;
//  - backlog paced: after a (re)connect everything still held is re-sent oldest first, one every
//    resend_interval_ms, so the live stream and the broker are not starved;
//  - ack timeout: if no ack makes progress for ack_timeout_ms after everything was sent, some
//    publish or ack was lost: re-send all that is held. The timeout doubles (up to a cap) while
//    nothing is acked, so a fleet whose ingest is down does not resend in a tight loop.
// Held seqs may have gaps (readings journaled before a reboot, then the new boot's block): the
// cursors step over them with HeldSeqs::next_held().
#pragma once
#include <stdint.h>

#include "held_seqs.h"

struct DeliveryConfig {
  uint32_t resend_interval_ms = 50;     // 20 re-sends a second: an hour's backlog in 3 minutes
  uint32_t ack_timeout_ms = 10000;
  uint32_t ack_timeout_max_ms = 300000;
};

struct DeliveryStats {
  uint32_t resent = 0;          // re-publishes of a seq already published once
  uint32_t ack_timeouts = 0;
  uint32_t acked = 0;           // held readings released by acks
};

class Delivery {
 public:
  Delivery(HeldSeqs& held, const DeliveryConfig& config);

  void on_connected(uint32_t now_ms);
  void on_disconnected();
  // Returns how many held readings the ack released.
  uint32_t on_ack(uint32_t ack_seq, uint32_t now_ms);

  // The seq to publish now, if any. Call mark_sent() once the publish call succeeded.
  bool next(uint32_t now_ms, uint32_t& seq_out);
  void mark_sent(uint32_t seq, uint32_t now_ms);

  const DeliveryStats& stats() const { return stats_; }
  uint32_t current_ack_timeout_ms() const { return ack_timeout_ms_; }

 private:
  void clamp_to_held();

  HeldSeqs& held_;
  DeliveryConfig config_;
  DeliveryStats stats_;
  bool connected_ = false;
  uint32_t live_next_ = 0;       // next seq to publish live (>= backlog_end_)
  uint32_t backlog_next_ = 0;    // next backlog seq to re-send
  uint32_t backlog_end_ = 0;     // backlog is [backlog_next_, backlog_end_)
  uint32_t last_resend_ms_ = 0;
  uint32_t quiet_since_ms_ = 0;  // last ack progress, connect or completed pass
  uint32_t ack_timeout_ms_;
};
