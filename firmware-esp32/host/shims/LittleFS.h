// Host shim of Arduino-ESP32's LittleFS: files under <state>/littlefs, with the partition's size
// (flash_total in the faults file, default 1441792 bytes: esp32dev's default data partition) and
// LittleFS's block accounting (whole 4 KB blocks per file, plus two for the superblock).
#pragma once
#include "FS.h"

namespace fs {
class LittleFSFS : public FS {
 public:
  bool begin(bool formatOnFail = false, const char* basePath = "/littlefs", uint8_t maxOpenFiles = 10,
             const char* partitionLabel = "spiffs");
  bool format();
  size_t totalBytes();
  size_t usedBytes();
  void end();
};
}  // namespace fs

extern fs::LittleFSFS LittleFS;
