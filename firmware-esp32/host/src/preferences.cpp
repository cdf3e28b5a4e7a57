// Host shim implementation of Preferences: typed entries per namespace in one file, replaced
// atomically (write a temporary file, rename it over the old one) so a kill leaves old or new.
#include <Preferences.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <map>
#include <string>

#include "host_runtime.h"

struct Preferences::Impl {
  std::string name;
  std::string path;
  struct Entry {
    PreferenceType type;
    std::string data;
  };
  std::map<std::string, Entry> entries;

  void load() {
    entries.clear();
    FILE* in = fopen(path.c_str(), "rb");
    if (!in) return;
    std::string all;
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, in)) > 0;) all.append(buf, n);
    fclose(in);
    size_t i = 0;
    if (all.compare(0, 5, "NVS1\n") != 0) return;
    i = 5;
    while (i + 6 <= all.size()) {
      const size_t klen = static_cast<uint8_t>(all[i++]);
      if (i + klen + 5 > all.size()) break;
      const std::string key = all.substr(i, klen);
      i += klen;
      const PreferenceType type = static_cast<PreferenceType>(static_cast<uint8_t>(all[i++]));
      uint32_t len = 0;
      for (int b = 0; b < 4; b++) len |= static_cast<uint32_t>(static_cast<uint8_t>(all[i++])) << (8 * b);
      if (i + len > all.size()) break;
      entries[key] = Entry{type, all.substr(i, len)};
      i += len;
    }
  }

  std::string serialize() const {
    std::string out = "NVS1\n";
    for (const auto& e : entries) {
      out += static_cast<char>(e.first.size());
      out += e.first;
      out += static_cast<char>(e.second.type);
      const uint32_t len = static_cast<uint32_t>(e.second.data.size());
      for (int b = 0; b < 4; b++) out += static_cast<char>(len >> (8 * b));
      out += e.second.data;
    }
    return out;
  }

  // Writes everything durably for a process kill. nvs_powercut: killed at a random point of it.
  bool save() {
    const bool cut = host::faults().nvs_powercut;
    const uint32_t point = cut ? host::random32() % 4 : 99;
    if (point == 0) host::power_cut("nvs_before_write");
    const std::string data = serialize();
    const std::string tmp = path + ".tmp";
    const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return false;
    const size_t n = point == 1 ? host::random32() % (data.size() + 1) : data.size();
    const bool ok = write(fd, data.data(), n) == static_cast<ssize_t>(n);
    close(fd);
    if (point == 1) host::power_cut("nvs_mid_write");
    if (point == 2) host::power_cut("nvs_before_commit");
    if (!ok || rename(tmp.c_str(), path.c_str()) != 0) return false;
    if (point == 3) host::power_cut("nvs_after_commit");
    return true;
  }
};

Preferences::~Preferences() { end(); }

bool Preferences::begin(const char* name, bool readOnly, const char*) {
  if (impl_) return false;  // the core refuses a second begin() without end()
  if (!name || !*name || strlen(name) > 15) return false;
  impl_ = new Impl;
  impl_->name = name;
  impl_->path = host::state_path("nvs/" + std::string(name));
  impl_->load();
  read_only_ = readOnly;
  return true;
}

void Preferences::end() {
  delete impl_;
  impl_ = nullptr;
}

size_t Preferences::put(const char* key, PreferenceType type, const void* data, size_t len, size_t result) {
  host::refresh_faults();
  if (!impl_ || read_only_ || !key || !*key || strlen(key) > 15) return 0;
  if (host::faults().nvs_write_fail) {
    host::event("nvs put ns=%s key=%s ok=0", impl_->name.c_str(), key);
    return 0;
  }
  const std::string value(static_cast<const char*>(data), len);
  auto it = impl_->entries.find(key);
  if (it != impl_->entries.end() && it->second.type == type && it->second.data == value) return result;  // NVS skips an identical write
  const auto before = impl_->entries;
  impl_->entries[key] = Impl::Entry{type, value};
  if (!impl_->save()) {
    impl_->entries = before;
    return 0;
  }
  host::event("nvs put ns=%s key=%s ok=1", impl_->name.c_str(), key);
  return result;
}

bool Preferences::get(const char* key, PreferenceType type, void* out, size_t len) {
  if (!impl_ || !key) return false;
  auto it = impl_->entries.find(key);
  if (it == impl_->entries.end() || it->second.type != type || it->second.data.size() != len) return false;
  memcpy(out, it->second.data.data(), len);
  return true;
}

bool Preferences::clear() {
  if (!impl_ || read_only_ || host::faults().nvs_write_fail) return false;
  impl_->entries.clear();
  return impl_->save();
}

bool Preferences::remove(const char* key) {
  if (!impl_ || read_only_ || host::faults().nvs_write_fail) return false;
  if (!impl_->entries.erase(key)) return false;
  return impl_->save();
}

#define HOST_PUT(Name, T, PT) \
  size_t Preferences::put##Name(const char* key, T value) { return put(key, PT, &value, sizeof value, sizeof value); }
#define HOST_GET(Name, T, PT)                                      \
  T Preferences::get##Name(const char* key, T defaultValue) {      \
    T v;                                                           \
    return get(key, PT, &v, sizeof v) ? v : defaultValue;          \
  }
HOST_PUT(Char, int8_t, PT_I8)
HOST_PUT(UChar, uint8_t, PT_U8)
HOST_PUT(Short, int16_t, PT_I16)
HOST_PUT(UShort, uint16_t, PT_U16)
HOST_PUT(Int, int32_t, PT_I32)
HOST_PUT(UInt, uint32_t, PT_U32)
HOST_PUT(Long, int32_t, PT_I32)
HOST_PUT(ULong, uint32_t, PT_U32)
HOST_PUT(Long64, int64_t, PT_I64)
HOST_PUT(ULong64, uint64_t, PT_U64)
HOST_GET(Char, int8_t, PT_I8)
HOST_GET(UChar, uint8_t, PT_U8)
HOST_GET(Short, int16_t, PT_I16)
HOST_GET(UShort, uint16_t, PT_U16)
HOST_GET(Int, int32_t, PT_I32)
HOST_GET(UInt, uint32_t, PT_U32)
HOST_GET(Long, int32_t, PT_I32)
HOST_GET(ULong, uint32_t, PT_U32)
HOST_GET(Long64, int64_t, PT_I64)
HOST_GET(ULong64, uint64_t, PT_U64)

// As the core does: floats and doubles are blobs, bools are uint8.
size_t Preferences::putFloat(const char* key, float value) { return put(key, PT_BLOB, &value, sizeof value, sizeof value); }
size_t Preferences::putDouble(const char* key, double value) { return put(key, PT_BLOB, &value, sizeof value, sizeof value); }
size_t Preferences::putBool(const char* key, bool value) { return putUChar(key, value ? 1 : 0); }
float Preferences::getFloat(const char* key, float defaultValue) {
  float v;
  return get(key, PT_BLOB, &v, sizeof v) ? v : defaultValue;
}
double Preferences::getDouble(const char* key, double defaultValue) {
  double v;
  return get(key, PT_BLOB, &v, sizeof v) ? v : defaultValue;
}
bool Preferences::getBool(const char* key, bool defaultValue) { return getUChar(key, defaultValue ? 1 : 0) == 1; }

size_t Preferences::putString(const char* key, const char* value) {
  if (!value || strlen(value) > 4000) return 0;  // NVS's longest string
  return put(key, PT_STR, value, strlen(value), strlen(value));
}
size_t Preferences::putString(const char* key, String value) { return putString(key, value.c_str()); }

size_t Preferences::putBytes(const char* key, const void* value, size_t len) {
  if (!value || !len || len > 508000) return 0;
  return put(key, PT_BLOB, value, len, len);
}

bool Preferences::isKey(const char* key) { return impl_ && key && impl_->entries.count(key) > 0; }

PreferenceType Preferences::getType(const char* key) {
  if (!isKey(key)) return PT_INVALID;
  return impl_->entries[key].type;
}

size_t Preferences::getString(const char* key, char* value, size_t maxLen) {
  if (!impl_ || !key) return 0;
  auto it = impl_->entries.find(key);
  if (it == impl_->entries.end() || it->second.type != PT_STR || it->second.data.size() + 1 > maxLen) return 0;
  memcpy(value, it->second.data.c_str(), it->second.data.size() + 1);
  return it->second.data.size() + 1;
}

String Preferences::getString(const char* key, String defaultValue) {
  if (!impl_ || !key) return defaultValue;
  auto it = impl_->entries.find(key);
  if (it == impl_->entries.end() || it->second.type != PT_STR) return defaultValue;
  return String(it->second.data);
}

size_t Preferences::getBytesLength(const char* key) {
  if (!impl_ || !key) return 0;
  auto it = impl_->entries.find(key);
  return it == impl_->entries.end() || it->second.type != PT_BLOB ? 0 : it->second.data.size();
}

size_t Preferences::getBytes(const char* key, void* buf, size_t maxLen) {
  const size_t len = getBytesLength(key);
  if (!len || !buf || len > maxLen) return 0;
  memcpy(buf, impl_->entries[key].data.data(), len);
  return len;
}

size_t Preferences::freeEntries() { return impl_ ? 600 - impl_->entries.size() : 0; }
