#include "relay.h"

#include "decimal.h"
#include "json_object.h"

namespace {
bool parse_epoch_ms(const JsonMember& m, uint64_t& out) {
  if (m.type != JsonType::Number) return false;
  ScaledNumber n;
  if (parse_scaled(m.value, m.value_len, 0, n) != NumberStatus::Ok || n.negative || !n.exact) return false;
  if (n.units < kRelayEpochMinMs || n.units > kRelayEpochMaxMs) return false;
  out = n.units;
  return true;
}
}  // namespace

bool parse_relay_command(const char* text, size_t len, RelayCommand& out) {
  out = RelayCommand();
  JsonObjectReader reader(text, len);
  JsonMember m;
  bool has_state = false, has_cmd_id = false, has_reason = false, has_issued = false, has_expires = false;
  while (reader.next(m)) {
    size_t units = 0;
    if (m.key_is("issued_at") && !has_issued) {
      has_issued = true;
      if (!parse_epoch_ms(m, out.issued_at_ms)) return false;
      continue;
    }
    if (m.key_is("expires_at") && !has_expires) {
      has_expires = true;
      if (!parse_epoch_ms(m, out.expires_at_ms)) return false;
      continue;
    }
    if (m.type != JsonType::String) return false;
    if (m.key_is("state") && !has_state) {
      has_state = true;
      if (m.value_len == 2 && m.value[0] == 'o' && m.value[1] == 'n') out.state = RelayState::On;
      else if (m.value_len == 3 && m.value[0] == 'o' && m.value[1] == 'f' && m.value[2] == 'f') out.state = RelayState::Off;
      else return false;
    } else if (m.key_is("cmd_id") && !has_cmd_id) {
      has_cmd_id = true;
      if (json_decode_string(m.value, m.value_len, out.cmd_id, sizeof out.cmd_id, &units) < 0 || units > 64) return false;
    } else if (m.key_is("reason") && !has_reason) {
      has_reason = true;
      char reason[4 * 200 + 1];
      if (json_decode_string(m.value, m.value_len, reason, sizeof reason, &units) < 0 || units > 200) return false;
    } else {
      return false;
    }
  }
  if (reader.error() || !has_state || !has_issued || !has_expires) return false;
  return out.expires_at_ms > out.issued_at_ms && out.expires_at_ms - out.issued_at_ms <= kRelayCommandMaxTtlMs;
}

RelayResult relay_command_verdict(const RelayCommand& command, uint64_t utc_ms) {
  if (utc_ms == 0) return RelayResult::NoClock;
  return utc_ms >= command.expires_at_ms ? RelayResult::Expired : RelayResult::Applied;
}

size_t encode_relay_report(char* out, size_t cap, RelayState state, const char* cmd_id, RelayResult result) {
  const char* end = out + cap;
  char* p = put_text(out, end, state == RelayState::On ? "{\"state\":\"on\"" : "{\"state\":\"off\"");
  if (cmd_id && *cmd_id) {
    p = put_text(p, end, ",\"cmd_id\":\"");
    p = json_put_escaped(p, end, cmd_id);
    p = put_text(p, end, "\"");
  }
  switch (result) {
    case RelayResult::Applied: p = put_text(p, end, ",\"result\":\"applied\""); break;
    case RelayResult::Expired: p = put_text(p, end, ",\"result\":\"expired\""); break;
    case RelayResult::NoClock: p = put_text(p, end, ",\"result\":\"no_clock\""); break;
    case RelayResult::None: break;
  }
  p = put_text(p, end, "}");
  return p ? static_cast<size_t>(p - out) : 0;
}
