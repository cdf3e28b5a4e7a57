// The flash file system the reading journal (and the seq reservation's fallback) lives in: LittleFS on the ESP32 (src/energy_bridge.ino),
// an in-memory fake with torn writes in the host tests. Paths are absolute ("/journal/00000001").
#pragma once
#include <stddef.h>
#include <stdint.h>

struct FlashFs {
  // One append at a time: open (creating the file), write pieces, close. Only a successful close
  // makes the data durable, as LittleFS commits a file at close/sync; a power cut before it may
  // keep any prefix of what was written (the shim and the fake keep a random one).
  virtual bool append_open(const char* path) = 0;
  virtual bool append_write(const void* data, size_t len) = 0;
  virtual bool append_close() = 0;
  // Exactly len bytes at offset, or false.
  virtual bool read(const char* path, uint32_t offset, void* data, size_t len) = 0;
  virtual bool remove(const char* path) = 0;
  // Replaces to (if it exists) with from, atomically: after a power cut either name holds the old
  // or the new file, never a mix (LittleFS's lfs_rename is one metadata commit).
  virtual bool rename(const char* from, const char* to) = 0;
  virtual bool make_dir(const char* path) = 0;
  // Calls each(ctx, name, size) for every file in dir (name without the directory).
  virtual void list(const char* dir, void (*each)(void* ctx, const char* name, uint32_t size), void* ctx) = 0;
  // Bytes still free (LittleFS: whole 4 KB blocks).
  virtual uint32_t free_bytes() = 0;
};
