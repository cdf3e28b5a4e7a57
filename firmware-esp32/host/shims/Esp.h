// Host shim of Arduino-ESP32's EspClass (ESP.*). The heap figures come from the host's heap model
// (host/README.md: heap_free, heap_max_alloc), less what heap_caps_malloc and PubSubClient took.
#pragma once
#include <stdint.h>

class EspClass {
 public:
  uint32_t getHeapSize();
  uint32_t getFreeHeap();
  uint32_t getMinFreeHeap();
  uint32_t getMaxAllocHeap();
  const char* getChipModel() { return "ESP32-D0WDQ6 (host)"; }
  uint64_t getEfuseMac();
  // Reboots: the host process re-executes itself with the same arguments, NVS and flash kept.
  [[noreturn]] void restart();
};

extern EspClass ESP;
