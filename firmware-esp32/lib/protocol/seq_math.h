// Serial-number arithmetic for the 32-bit reading seq (RFC 1982 style): after 4294967295 comes 0,
// and "a is at or before b" holds when b is less than 2^31 steps ahead of a. Every comparison of
// seqs in the ESP32 code goes through here so the wrap-around is handled in one place.
#pragma once
#include <stdint.h>

inline int32_t seq_distance(uint32_t from, uint32_t to) { return static_cast<int32_t>(to - from); }
inline bool seq_before(uint32_t a, uint32_t b) { return seq_distance(a, b) > 0; }
inline bool seq_at_or_before(uint32_t a, uint32_t b) { return seq_distance(a, b) >= 0; }
