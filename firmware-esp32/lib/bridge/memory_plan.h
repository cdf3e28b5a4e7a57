// How much heap the bridge takes at boot, from what the heap has left (ESP.getFreeHeap(),
// ESP.getMaxAllocHeap() after Wi-Fi and LittleFS started). Nothing big is static: a static
// one-hour ring (115 KB) does not even fit the ESP32's static DRAM next to Wi-Fi and TLS
// (docs/hardware.md). The RAM ring gets what is left after a headroom for TLS and the network
// stack, capped at one hour; readings beyond it spill to the flash journal anyway.
#pragma once
#include <stdint.h>

struct MemoryBudget {
  // mbedTLS needs ~45 KB during a handshake (two 16 KB record buffers + state), Wi-Fi/lwIP
  // 15-20 KB of buffers under traffic, PubSubClient, LittleFS caches and Strings the rest.
  uint32_t headroom_bytes = 64 * 1024;
  uint32_t largest_block_margin = 8 * 1024;  // never take the heap's largest block whole
  uint32_t max_ring = 3600;                  // one hour at 1 Hz
  uint32_t min_ring = 64;
  uint32_t pending = 300;                    // readings waiting for a seq: 5 minutes of NVS failures
  uint32_t max_journal_segments = 512;       // one per 4 KB block of a 2 MB partition
};

struct MemoryPlan {
  uint32_t ring_capacity;
  uint32_t pending_capacity;
  uint32_t journal_segments;
  uint32_t bytes() const;
};

// fs_total_bytes: the LittleFS partition size (0: no journal).
MemoryPlan plan_memory(uint32_t free_heap, uint32_t largest_block, uint32_t fs_total_bytes, const MemoryBudget& budget = MemoryBudget());
