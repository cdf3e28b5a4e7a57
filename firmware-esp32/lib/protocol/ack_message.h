// energy/{id}/ack: {"seq":N}, every reading with seq <= N is durably stored.
#pragma once
#include <stddef.h>
#include <stdint.h>

// False for anything but exactly {"seq":<integer>} with the integer within 32 bits (this device
// never sends a larger seq, so a larger ack is not about its readings).
bool parse_ack(const char* text, size_t len, uint32_t& seq_out);
