// Host shim implementation of FS/LittleFS over a directory: writes are held in the File until
// flush()/close(), as LittleFS commits a file only then.
#include <LittleFS.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "host_runtime.h"

fs::LittleFSFS LittleFS;

namespace {
const uint32_t kBlock = 4096;

std::string real_path(const char* path) {
  std::string p = path ? path : "";
  if (p.empty() || p[0] != '/') p = "/" + p;
  return host::state_path("littlefs") + p;
}

uint64_t used_under(const std::string& dir) {
  uint64_t used = 0;
  DIR* d = opendir(dir.c_str());
  if (!d) return 0;
  while (dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    const std::string full = dir + "/" + name;
    struct stat st;
    if (stat(full.c_str(), &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) used += 2 * kBlock + used_under(full);  // a directory is a metadata pair
    else used += (static_cast<uint64_t>(st.st_size) + kBlock - 1) / kBlock * kBlock;
  }
  closedir(d);
  return used;
}
}  // namespace

namespace fs {

struct FileImpl {
  std::string path;  // as the sketch named it
  std::string name;  // the last path element
  std::string real;
  bool is_dir = false;
  DIR* dir = nullptr;
  int fd = -1;
  bool can_read = false, can_write = false, append = false;
  size_t pos = 0;
  std::string pending;        // written, not yet committed
  size_t pending_at = 0;      // file offset where pending starts

  ~FileImpl() { close(); }

  size_t disk_size() const {
    struct stat st;
    return fd >= 0 && fstat(fd, &st) == 0 ? static_cast<size_t>(st.st_size) : 0;
  }

  bool commit() {
    if (pending.empty()) return true;
    host::refresh_faults();
    if (host::faults().flash_powercut) {
      // The power goes while LittleFS programs these bytes: a random prefix reaches flash.
      const size_t n = host::random32() % (pending.size() + 1);
      if (n) (void)!pwrite(fd, pending.data(), n, static_cast<off_t>(pending_at));
      host::power_cut("flash_mid_write");
    }
    const bool ok = pwrite(fd, pending.data(), pending.size(), static_cast<off_t>(pending_at)) == static_cast<ssize_t>(pending.size());
    pending.clear();
    return ok;
  }

  void close() {
    if (fd >= 0) {
      commit();
      ::close(fd);
      fd = -1;
    }
    if (dir) closedir(dir);
    dir = nullptr;
  }
};

size_t File::write(const uint8_t* buf, size_t size) {
  if (!impl_ || !impl_->can_write || impl_->fd < 0) return 0;
  host::refresh_faults();
  if (host::faults().flash_write_fail) return 0;
  FileImpl& f = *impl_;
  if (f.append) f.pos = f.disk_size() > f.pending_at + f.pending.size() ? f.disk_size() : f.pending_at + f.pending.size();
  if (!f.pending.empty() && f.pos != f.pending_at + f.pending.size()) f.commit();
  if (f.pending.empty()) f.pending_at = f.pos;
  // A full partition refuses the bytes that need a new block.
  const uint64_t grows_to = f.pos + size;
  const uint64_t on_disk = f.disk_size();
  const uint64_t extra_blocks = grows_to > on_disk ? (grows_to + kBlock - 1) / kBlock - (on_disk + kBlock - 1) / kBlock : 0;
  if (LittleFS.usedBytes() + extra_blocks * kBlock > LittleFS.totalBytes()) return 0;
  f.pending.append(reinterpret_cast<const char*>(buf), size);
  f.pos += size;
  return size;
}

void File::flush() {
  if (impl_) impl_->commit();
}

size_t File::read(uint8_t* buf, size_t size) {
  if (!impl_ || !impl_->can_read || impl_->fd < 0) return 0;
  impl_->commit();
  const ssize_t n = pread(impl_->fd, buf, size, static_cast<off_t>(impl_->pos));
  if (n <= 0) return 0;
  impl_->pos += static_cast<size_t>(n);
  return static_cast<size_t>(n);
}

int File::read() {
  uint8_t b;
  return read(&b, 1) == 1 ? b : -1;
}

int File::peek() {
  if (!impl_) return -1;
  const size_t at = impl_->pos;
  const int b = read();
  impl_->pos = at;
  return b;
}

int File::available() {
  if (!impl_ || impl_->fd < 0) return 0;
  const size_t s = size();
  return s > impl_->pos ? static_cast<int>(s - impl_->pos) : 0;
}

bool File::seek(uint32_t pos, SeekMode mode) {
  if (!impl_ || impl_->fd < 0) return false;
  impl_->commit();
  size_t target = pos;
  if (mode == SeekCur) target = impl_->pos + pos;
  if (mode == SeekEnd) target = size() - pos;
  if (target > size()) return false;
  impl_->pos = target;
  return true;
}

size_t File::position() const { return impl_ ? impl_->pos : 0; }

size_t File::size() const {
  if (!impl_ || impl_->fd < 0) return 0;
  const size_t disk = impl_->disk_size();
  const size_t end = impl_->pending_at + impl_->pending.size();
  return impl_->pending.empty() || end < disk ? disk : end;
}

void File::close() {
  if (impl_) impl_->close();
  impl_.reset();
}

File::operator bool() const { return impl_ && (impl_->fd >= 0 || impl_->dir); }
const char* File::path() const { return impl_ ? impl_->path.c_str() : nullptr; }
const char* File::name() const { return impl_ ? impl_->name.c_str() : nullptr; }
bool File::isDirectory() const { return impl_ && impl_->is_dir; }

File File::openNextFile(const char* mode) {
  if (!impl_ || !impl_->dir) return File();
  while (dirent* e = readdir(impl_->dir)) {
    const std::string n = e->d_name;
    if (n == "." || n == "..") continue;
    const std::string child = (impl_->path == "/" ? "" : impl_->path) + "/" + n;
    return LittleFS.open(child.c_str(), mode);
  }
  return File();
}

void File::rewindDirectory() {
  if (impl_ && impl_->dir) rewinddir(impl_->dir);
}

File FS::open(const char* path, const char* mode, const bool create) {
  if (!mounted_ || !path) return File();
  auto f = std::make_shared<FileImpl>();
  f->path = path;
  const size_t slash = f->path.find_last_of('/');
  f->name = slash == std::string::npos ? f->path : f->path.substr(slash + 1);
  f->real = real_path(path);
  struct stat st;
  const bool exists = stat(f->real.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) {
    f->is_dir = true;
    f->dir = opendir(f->real.c_str());
    return f->dir ? File(f) : File();
  }
  const std::string m = mode ? mode : "r";
  int flags = 0;
  if (m == "r") flags = O_RDONLY, f->can_read = true;
  else if (m == "r+") flags = O_RDWR, f->can_read = f->can_write = true;
  else if (m == "w") flags = O_WRONLY | O_CREAT | O_TRUNC, f->can_write = true;
  else if (m == "w+") flags = O_RDWR | O_CREAT | O_TRUNC, f->can_read = f->can_write = true;
  else if (m == "a") flags = O_WRONLY | O_CREAT, f->can_write = f->append = true;
  else if (m == "a+") flags = O_RDWR | O_CREAT, f->can_read = f->can_write = f->append = true;
  else return File();
  if (create) {
    const size_t s = f->real.find_last_of('/');
    ::mkdir(f->real.substr(0, s).c_str(), 0755);
  }
  if ((flags & O_CREAT) && host::faults().flash_write_fail) return File();
  f->fd = ::open(f->real.c_str(), flags | O_CLOEXEC, 0644);
  if (f->fd < 0) return File();
  if (f->append) f->pos = f->disk_size();
  return File(f);
}

bool FS::exists(const char* path) {
  struct stat st;
  return mounted_ && stat(real_path(path).c_str(), &st) == 0;
}
bool FS::remove(const char* path) { return mounted_ && unlink(real_path(path).c_str()) == 0; }
bool FS::rename(const char* from, const char* to) { return mounted_ && ::rename(real_path(from).c_str(), real_path(to).c_str()) == 0; }
bool FS::mkdir(const char* path) {
  if (!mounted_) return false;
  return ::mkdir(real_path(path).c_str(), 0755) == 0 || errno == EEXIST;
}
bool FS::rmdir(const char* path) { return mounted_ && ::rmdir(real_path(path).c_str()) == 0; }

bool LittleFSFS::begin(bool, const char*, uint8_t, const char*) {
  ::mkdir(host::state_path("littlefs").c_str(), 0755);
  mounted_ = true;
  host::event("littlefs mounted total=%zu used=%zu", totalBytes(), usedBytes());
  return true;
}

bool LittleFSFS::format() {
  const std::string root = host::state_path("littlefs");
  const std::string cmd = "rm -rf '" + root + "'/*";
  return system(cmd.c_str()) == 0;
}

size_t LittleFSFS::totalBytes() { return host::faults().flash_total; }
size_t LittleFSFS::usedBytes() { return static_cast<size_t>(2 * kBlock + used_under(host::state_path("littlefs"))); }
void LittleFSFS::end() { mounted_ = false; }

}  // namespace fs
