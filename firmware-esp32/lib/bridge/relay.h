// energy/{id}/cmd/relay in, energy/{id}/relay out (libs/contracts/src/relay.ts).
#pragma once
#include <stddef.h>

enum class RelayState { Off, On };

struct RelayCommand {
  RelayState state = RelayState::Off;
  char cmd_id[4 * 64 + 1] = {0};  // up to 64 UTF-16 units as UTF-8; empty when absent
};

// Strict: `state` "on"/"off" required, `cmd_id` (<= 64) and `reason` (<= 200) optional strings,
// nothing else. A command that fails here does not touch the relay.
bool parse_relay_command(const char* text, size_t len, RelayCommand& out);

// {"state":"off"} or {"state":"on","cmd_id":"..."}. Returns the length, 0 if cap is too small.
size_t encode_relay_report(char* out, size_t cap, RelayState state, const char* cmd_id);
