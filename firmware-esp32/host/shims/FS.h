// Host shim of Arduino-ESP32's FS (File, FS), backed by a directory of real files (LittleFS.h).
// As on LittleFS, written data becomes durable at flush() or close(): a process killed before that
// loses it. Faults file: flash_write_fail=1 makes write() return 0; flash_powercut=1 kills the
// process in the middle of the next flush, leaving a random prefix of the pending bytes.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include <memory>

#include "Stream.h"

#define FILE_READ "r"
#define FILE_WRITE "w"
#define FILE_APPEND "a"

namespace fs {

enum SeekMode { SeekSet = 0, SeekCur = 1, SeekEnd = 2 };

struct FileImpl;

class File : public Stream {
 public:
  File() = default;
  explicit File(std::shared_ptr<FileImpl> impl) : impl_(std::move(impl)) {}
  size_t write(uint8_t c) override { return write(&c, 1); }
  size_t write(const uint8_t* buf, size_t size) override;
  using Print::write;
  int available() override;
  int read() override;
  int peek() override;
  void flush() override;
  size_t read(uint8_t* buf, size_t size);
  bool seek(uint32_t pos, SeekMode mode = SeekSet);
  size_t position() const;
  size_t size() const;
  void close();
  operator bool() const;
  const char* path() const;
  const char* name() const;
  bool isDirectory() const;
  File openNextFile(const char* mode = FILE_READ);
  void rewindDirectory();

 private:
  std::shared_ptr<FileImpl> impl_;
};

class FS {
 public:
  File open(const char* path, const char* mode = FILE_READ, const bool create = false);
  bool exists(const char* path);
  bool remove(const char* path);
  bool rename(const char* from, const char* to);
  bool mkdir(const char* path);
  bool rmdir(const char* path);

 protected:
  bool mounted_ = false;
};

}  // namespace fs

using fs::File;
using fs::FS;
using fs::SeekCur;
using fs::SeekEnd;
using fs::SeekMode;
using fs::SeekSet;
