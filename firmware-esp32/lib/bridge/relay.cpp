#include "relay.h"

#include "decimal.h"
#include "json_object.h"

bool parse_relay_command(const char* text, size_t len, RelayCommand& out) {
  out = RelayCommand();
  JsonObjectReader reader(text, len);
  JsonMember m;
  bool has_state = false, has_cmd_id = false, has_reason = false;
  while (reader.next(m)) {
    if (m.type != JsonType::String) return false;
    size_t units = 0;
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
  return !reader.error() && has_state;
}

size_t encode_relay_report(char* out, size_t cap, RelayState state, const char* cmd_id) {
  const char* end = out + cap;
  char* p = put_literal(out, end, state == RelayState::On ? "{\"state\":\"on\"" : "{\"state\":\"off\"");
  if (cmd_id && *cmd_id) {
    p = put_literal(p, end, ",\"cmd_id\":\"");
    p = json_put_escaped(p, end, cmd_id);
    p = put_literal(p, end, "\"");
  }
  p = put_literal(p, end, "}");
  return p ? static_cast<size_t>(p - out) : 0;
}
