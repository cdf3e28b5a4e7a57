// For the host-binary tests: a private mosquitto on a free port, the twin's clock file advanced by
// a thread, energy_bridge as a child process (UART on its stdin, "#twin" events from its stderr),
// and an MQTT client (libmosquitto) that records what the broker delivers.
#pragma once
#include <mosquitto.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace hostproc {

struct Message {
  std::string topic, payload;
};

// mosquitto -p PORT (no auth), stopped on destruction.
class Broker {
 public:
  Broker();
  ~Broker();
  int port() const { return port_; }

 private:
  int port_ = 0;
  int pid_ = -1;
};

// Virtual UTC ms in an 8-byte file, advanced `speed` times faster than real time by a thread.
class VirtualClock {
 public:
  VirtualClock(const std::string& path, uint64_t start_ms, uint32_t speed);
  ~VirtualClock();
  uint64_t now() const { return now_.load(); }
  const std::string& path() const { return path_; }

 private:
  void write(uint64_t ms);
  std::string path_;
  int fd_ = -1;
  std::atomic<uint64_t> now_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

class Bridge {
 public:
  Bridge(const std::string& state_dir, const VirtualClock& clock, int broker_port, const std::string& faults_file,
         const std::vector<std::string>& extra_sets = {});
  ~Bridge();
  void send(const std::string& bytes);  // to the UNO's UART (stdin)
  void kill_now();                      // SIGKILL: a power cut
  bool running();
  // Waits (real time) until an event line containing `text` was seen; false on timeout.
  bool wait_event(const std::string& text, int timeout_ms = 5000, size_t from = 0);
  size_t events_seen();
  std::vector<std::string> events();
  std::string console();  // what the sketch printed on Serial

 private:
  void read_events();
  int pid_ = -1;
  int in_ = -1, err_ = -1;
  std::string out_path_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> events_;
  std::thread reader_;
};

// A subscriber/publisher on the broker.
class Client {
 public:
  Client(int port, const std::string& subscription);
  ~Client();
  void publish(const std::string& topic, const std::string& payload);
  std::vector<Message> messages(const std::string& topic);
  bool wait_count(const std::string& topic, size_t n, int timeout_ms);

 private:
  static void on_message(struct mosquitto*, void* self, const struct mosquitto_message* m);
  struct mosquitto* mosq_ = nullptr;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Message> received_;
};

std::string temp_dir();
void write_file(const std::string& path, const std::string& content);

}  // namespace hostproc
