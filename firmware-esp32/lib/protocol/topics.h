// energy/{deviceId}/{kind}, as libs/contracts/src/topics.ts defines them.
#pragma once
#include <stddef.h>

// [a-z0-9][a-z0-9_-]{0,63}: the broker refuses anything else.
bool is_valid_device_id(const char* id);

struct DeviceTopics {
  static const size_t kMax = 7 + 64 + 1 + 9 + 1;  // "energy/" id "/" "cmd/relay" NUL
  char reading[kMax];
  char status[kMax];
  char ack[kMax];
  char relay_command[kMax];
  char relay_state[kMax];

  // False (topics left empty) if the id is invalid.
  bool build(const char* device_id);
};
