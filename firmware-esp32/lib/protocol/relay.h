// energy/{id}/cmd/relay in, energy/{id}/relay out (libs/contracts/src/relay.ts).
#pragma once
#include <stddef.h>
#include <stdint.h>

enum class RelayState { Off, On };

// What the device did with a command (the report's `result`); None: no command since boot.
enum class RelayResult { None, Applied, Expired, NoClock };

// The contract's RELAY_COMMAND_MAX_TTL_MS, and its bounds on UTC milliseconds.
constexpr uint64_t kRelayCommandMaxTtlMs = 3600000ULL;
constexpr uint64_t kRelayEpochMinMs = 1577836800000ULL;     // 2020-01-01
constexpr uint64_t kRelayEpochMaxMs = 9007199254740991ULL;  // JavaScript's Number.MAX_SAFE_INTEGER

struct RelayCommand {
  RelayState state = RelayState::Off;
  char cmd_id[4 * 64 + 1] = {0};  // up to 64 UTF-16 units as UTF-8; empty when absent
  uint64_t issued_at_ms = 0;      // UTC ms
  uint64_t expires_at_ms = 0;     // UTC ms; the command may act only before this
};

// Strict: `state` "on"/"off", `issued_at` and `expires_at` (whole UTC ms, expires_at after issued_at
// by at most an hour) required, `cmd_id` (<= 64) and `reason` (<= 200) optional strings, nothing else.
// A command that fails here does not touch the relay.
bool parse_relay_command(const char* text, size_t len, RelayCommand& out);

// Whether the command may act now (issue 16: a cut must not act hours late). `utc_ms` 0: the device has
// no wall time yet (NTP has not synced), so it cannot tell how late the command is: NoClock, never act.
RelayResult relay_command_verdict(const RelayCommand& command, uint64_t utc_ms);

// {"state":"off"}, or {"state":"on","cmd_id":"...","result":"expired"} after a command.
// Returns the length, 0 if cap is too small.
size_t encode_relay_report(char* out, size_t cap, RelayState state, const char* cmd_id, RelayResult result = RelayResult::None);
