#include "ack_message.h"

#include "decimal.h"
#include "json_object.h"

bool parse_ack(const char* text, size_t len, uint32_t& seq_out) {
  JsonObjectReader reader(text, len);
  JsonMember m;
  bool seen = false;
  ScaledNumber n;
  while (reader.next(m)) {
    if (seen || !m.key_is("seq") || m.type != JsonType::Number) return false;
    if (parse_scaled(m.value, m.value_len, 0, n) != NumberStatus::Ok || n.negative || !n.exact || n.units > 0xFFFFFFFFULL) return false;
    seen = true;
  }
  if (reader.error() || !seen) return false;
  seq_out = static_cast<uint32_t>(n.units);
  return true;
}
