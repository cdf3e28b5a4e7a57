#include "topics.h"

#include <stdio.h>
#include <string.h>

bool is_valid_device_id(const char* id) {
  const size_t n = strlen(id);
  if (n < 1 || n > 64) return false;
  for (size_t i = 0; i < n; i++) {
    const char c = id[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '_' && c != '-'))) return false;
  }
  return true;
}

bool DeviceTopics::build(const char* id) {
  reading[0] = status[0] = ack[0] = relay_command[0] = relay_state[0] = '\0';
  if (!is_valid_device_id(id)) return false;
  snprintf(reading, kMax, "energy/%s/reading", id);
  snprintf(status, kMax, "energy/%s/status", id);
  snprintf(ack, kMax, "energy/%s/ack", id);
  snprintf(relay_command, kMax, "energy/%s/cmd/relay", id);
  snprintf(relay_state, kMax, "energy/%s/relay", id);
  return true;
}
