#include "seq_limit_file.h"

#include "journal_record.h"
#include "seq_math.h"

namespace {
const uint32_t kMagic = 0x4C514553UL;  // "SEQL" little-endian
const uint32_t kSize = 12;

void put32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
uint32_t get32(const uint8_t* p) { return p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<uint32_t>(p[3]) << 24); }

bool read_one(FlashFs& fs, const char* path, uint32_t& limit) {
  uint8_t b[kSize];
  if (!fs.read(path, 0, b, sizeof b)) return false;
  if (get32(b) != kMagic || get32(b + 8) != crc32_ieee(b, 8)) return false;
  limit = get32(b + 4);
  return true;
}
}  // namespace

bool SeqLimitFile::read(uint32_t& limit) const {
  if (!fs_) return false;
  uint32_t a = 0, b = 0;
  const bool has_a = read_one(*fs_, kPath, a), has_b = read_one(*fs_, kTempPath, b);
  if (!has_a && !has_b) return false;
  limit = !has_b || (has_a && seq_before(b, a)) ? a : b;
  return true;
}

bool SeqLimitFile::write(uint32_t limit) {
  if (!fs_) return false;
  uint8_t b[kSize];
  put32(b, kMagic);
  put32(b + 4, limit);
  put32(b + 8, crc32_ieee(b, 8));
  fs_->remove(kTempPath);  // a leftover of a cut write: appends must start from empty
  bool ok = fs_->append_open(kTempPath);
  ok = ok && fs_->append_write(b, sizeof b);
  ok = fs_->append_close() && ok;
  return ok && fs_->rename(kTempPath, kPath);
}

bool SeqLimitFile::clear() {
  if (!fs_) return true;
  fs_->remove(kTempPath);
  fs_->remove(kPath);
  uint32_t limit;
  return !read(limit);
}
