// Persistent storage behind a small interface: the ESP32's NVS (Preferences) on the device, a map
// in the host tests. Values are small fixed-size blobs written atomically.
#pragma once
#include <stddef.h>

struct KeyValueStore {
  // False if the key is missing or has another size.
  virtual bool read(const char* key, void* data, size_t len) = 0;
  virtual bool write(const char* key, const void* data, size_t len) = 0;
};
