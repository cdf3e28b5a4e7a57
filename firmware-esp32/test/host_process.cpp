#include "host_process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#ifndef ENERGY_BRIDGE_BIN
#error "build with -DENERGY_BRIDGE_BIN=\"/path/to/energy_bridge\" (the Makefile does)"
#endif

namespace hostproc {
namespace {
int free_port() {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = {};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  close(s);
  return ntohs(a.sin_port);
}

bool port_open(int port) {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = {};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  close(s);
  return ok;
}

void stop_child(int& pid) {
  if (pid <= 0) return;
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  pid = -1;
}
}  // namespace

std::string temp_dir() {
  char templ[] = "/tmp/energy-bridge-host-XXXXXX";
  return mkdtemp(templ);
}

void write_file(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  std::ofstream(tmp) << content;
  rename(tmp.c_str(), path.c_str());
}

Broker::Broker() {
  port_ = free_port();
  pid_ = fork();
  if (pid_ == 0) {
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    const std::string p = std::to_string(port_);
    execlp("mosquitto", "mosquitto", "-p", p.c_str(), static_cast<char*>(nullptr));
    execl("/usr/sbin/mosquitto", "mosquitto", "-p", p.c_str(), static_cast<char*>(nullptr));  // not on a user's PATH
    _exit(127);
  }
  for (int i = 0; i < 200 && !port_open(port_); i++) usleep(10000);
}

Broker::~Broker() { stop_child(pid_); }

VirtualClock::VirtualClock(const std::string& path, uint64_t start_ms, uint32_t speed) : path_(path), now_(start_ms) {
  fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0644);
  write(start_ms);
  thread_ = std::thread([this, speed] {
    auto last = std::chrono::steady_clock::now();
    while (!stop_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      const auto t = std::chrono::steady_clock::now();
      const auto real_us = std::chrono::duration_cast<std::chrono::microseconds>(t - last).count();
      if (real_us * speed >= 1000) {
        last = t;
        now_ += static_cast<uint64_t>(real_us * speed / 1000);
        write(now_);
      }
    }
  });
}

VirtualClock::~VirtualClock() {
  stop_ = true;
  thread_.join();
  close(fd_);
}

void VirtualClock::write(uint64_t ms) {
  uint8_t b[8];
  for (int i = 0; i < 8; i++) b[i] = static_cast<uint8_t>(ms >> (8 * i));
  (void)!pwrite(fd_, b, 8, 0);
}

Bridge::Bridge(const std::string& state_dir, const VirtualClock& clock, int broker_port, const std::string& faults_file,
               const std::vector<std::string>& extra_sets) {
  int in[2], err[2];
  (void)!pipe(in);
  (void)!pipe(err);
  mkdir(state_dir.c_str(), 0755);
  out_path_ = state_dir + "/console.log";
  pid_ = fork();
  if (pid_ == 0) {
    dup2(in[0], 0);
    dup2(err[1], 2);
    const int out = open(out_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(out, 1);
    close(in[1]);
    close(err[0]);
    std::vector<std::string> args = {ENERGY_BRIDGE_BIN, "--state", state_dir, "--clock", clock.path(), "--faults", faults_file,
                                     "--set", "device_id=kitchen-1", "--set", "secret=s3cret", "--set", "wifi_ssid=twin",
                                     "--set", "mqtt_host=127.0.0.1", "--set", "mqtt_port=" + std::to_string(broker_port), "--seed", "7"};
    for (const std::string& s : extra_sets) args.push_back("--set"), args.push_back(s);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(&a[0]);
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(in[0]);
  close(err[1]);
  in_ = in[1];
  err_ = err[0];
  reader_ = std::thread([this] { read_events(); });
}

Bridge::~Bridge() {
  kill_now();
  if (reader_.joinable()) reader_.join();
  if (in_ >= 0) close(in_);
}

void Bridge::read_events() {
  std::string pending;
  char buf[4096];
  for (ssize_t n; (n = read(err_, buf, sizeof buf)) > 0;) {
    pending.append(buf, static_cast<size_t>(n));
    for (size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
      std::lock_guard<std::mutex> lock(mu_);
      events_.push_back(pending.substr(0, nl));
      pending.erase(0, nl + 1);
      cv_.notify_all();
    }
  }
  close(err_);
}

void Bridge::send(const std::string& bytes) { (void)!write(in_, bytes.data(), bytes.size()); }

void Bridge::kill_now() { stop_child(pid_); }

bool Bridge::running() { return pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == 0; }

bool Bridge::wait_event(const std::string& text, int timeout_ms, size_t from) {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] {
    for (size_t i = from; i < events_.size(); i++)
      if (events_[i].find(text) != std::string::npos) return true;
    return false;
  });
}

size_t Bridge::events_seen() {
  std::lock_guard<std::mutex> lock(mu_);
  return events_.size();
}

std::vector<std::string> Bridge::events() {
  std::lock_guard<std::mutex> lock(mu_);
  return events_;
}

std::string Bridge::console() {
  std::ifstream in(out_path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Client::Client(int port, const std::string& subscription) {
  mosquitto_lib_init();
  mosq_ = mosquitto_new(nullptr, true, this);
  mosquitto_message_callback_set(mosq_, on_message);
  mosquitto_connect(mosq_, "127.0.0.1", port, 30);
  mosquitto_subscribe(mosq_, nullptr, subscription.c_str(), 1);
  mosquitto_loop_start(mosq_);
  usleep(100000);  // the SUBACK
}

Client::~Client() {
  mosquitto_disconnect(mosq_);
  mosquitto_loop_stop(mosq_, true);
  mosquitto_destroy(mosq_);
}

void Client::on_message(struct mosquitto*, void* self, const struct mosquitto_message* m) {
  Client& c = *static_cast<Client*>(self);
  std::lock_guard<std::mutex> lock(c.mu_);
  c.received_.push_back(Message{m->topic, std::string(static_cast<const char*>(m->payload), static_cast<size_t>(m->payloadlen))});
  c.cv_.notify_all();
}

void Client::publish(const std::string& topic, const std::string& payload) {
  mosquitto_publish(mosq_, nullptr, topic.c_str(), static_cast<int>(payload.size()), payload.data(), 0, false);
}

std::vector<Message> Client::messages(const std::string& topic) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Message> out;
  for (const Message& m : received_)
    if (m.topic == topic) out.push_back(m);
  return out;
}

bool Client::wait_count(const std::string& topic, size_t n, int timeout_ms) {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] {
    size_t k = 0;
    for (const Message& m : received_) k += m.topic == topic;
    return k >= n;
  });
}

}  // namespace hostproc
