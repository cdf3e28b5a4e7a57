// Host shim implementation of PubSubClient 2.8 over libmosquitto, synchronous like the original:
// connect() waits for CONNACK, publish() returns once the packet is written to the socket, and
// received messages reach the callback from loop(), one per call.
#include <PubSubClient.h>
#include <WiFiClientSecure.h>
#include <mosquitto.h>
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include <deque>
#include <string>
#include <vector>

#include "host_runtime.h"

namespace {
bool g_lib_ready = false;
// Every client, for host::wifi_lost(); a function-local static, since the sketch's clients are
// constructed during static initialisation, possibly before this file's globals.
std::vector<PubSubClient*>& clients() {
  static std::vector<PubSubClient*> all;
  return all;
}

size_t varint_size(size_t n) { return n < 128 ? 1 : n < 16384 ? 2 : n < 2097152 ? 3 : 4; }
}  // namespace

struct PubSubClient::Session {
  struct mosquitto* mosq = nullptr;
  bool connack = false;
  int connack_rc = -1;
  bool lost = false;
  uint16_t buffer_size = 0;
  uint32_t dropped_oversize = 0;
  struct Message {
    std::string topic, payload;
  };
  std::deque<Message> inbox;
  // beginPublish()/write()/endPublish(): the payload is collected, then published whole.
  std::string stream_topic, stream_payload;
  size_t stream_expected = 0;
  bool stream_retained = false;

  static void on_connect(struct mosquitto*, void* obj, int rc) {
    Session* s = static_cast<Session*>(obj);
    s->connack = true;
    s->connack_rc = rc;
  }
  static void on_disconnect(struct mosquitto*, void* obj, int) { static_cast<Session*>(obj)->lost = true; }
  static void on_message(struct mosquitto*, void* obj, const struct mosquitto_message* m) {
    Session* s = static_cast<Session*>(obj);
    // PubSubClient 2.8 reads a packet into its buffer and ignores one that does not fit.
    const size_t topic_len = strlen(m->topic);
    const size_t remaining = 2 + topic_len + (m->qos > 0 ? 2 : 0) + static_cast<size_t>(m->payloadlen);
    if (1 + varint_size(remaining) + remaining > s->buffer_size) {
      s->dropped_oversize++;
      host::event("mqtt dropped topic=%s bytes=%d reason=buffer", m->topic, m->payloadlen);
      return;
    }
    s->inbox.push_back(Message{m->topic, std::string(static_cast<const char*>(m->payload), static_cast<size_t>(m->payloadlen))});
  }

  // Writes whatever libmosquitto still holds for the socket; false if the link is gone.
  bool flush(uint16_t timeout_s) {
    const uint64_t start = host::real_ms();
    while (mosquitto_want_write(mosq)) {
      if (mosquitto_loop_write(mosq, 1) != MOSQ_ERR_SUCCESS) return false;
      if (!mosquitto_want_write(mosq)) break;
      if (host::real_ms() - start > static_cast<uint64_t>(timeout_s) * 1000ULL) return false;
      pollfd p = {mosquitto_socket(mosq), POLLOUT, 0};
      poll(&p, 1, 5);
    }
    return true;
  }

  bool socket_open() const {
    const int fd = mosquitto_socket(mosq);
    if (fd < 0 || lost) return false;
    char b;
    const ssize_t n = recv(fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);
    return !(n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK));
  }
};

PubSubClient::PubSubClient() {
  setBufferSize(MQTT_MAX_PACKET_SIZE);
  clients().push_back(this);
}

namespace host {
void wifi_lost() {
  for (PubSubClient* c : clients()) c->host_link_lost();
}
}  // namespace host

void PubSubClient::host_link_lost() {
  if (!session_) return;
  drop_session(false);
  if (_state == MQTT_CONNECTED) {
    _state = MQTT_CONNECTION_LOST;
    host::event("mqtt lost state=%d reason=wifi", _state);
  }
}
PubSubClient::PubSubClient(Client& client) : PubSubClient() { setClient(client); }
PubSubClient::PubSubClient(IPAddress addr, uint16_t port, Client& client) : PubSubClient() {
  setServer(addr, port);
  setClient(client);
}
PubSubClient::PubSubClient(const char* domain, uint16_t port, Client& client) : PubSubClient() {
  setServer(domain, port);
  setClient(client);
}
PubSubClient::PubSubClient(const char* domain, uint16_t port, MQTT_CALLBACK_SIGNATURE, Client& client) : PubSubClient() {
  setServer(domain, port);
  setCallback(callback);
  setClient(client);
}

PubSubClient::~PubSubClient() {
  std::vector<PubSubClient*>& all = clients();
  for (size_t i = 0; i < all.size(); i++)
    if (all[i] == this) all.erase(all.begin() + static_cast<long>(i));
  drop_session(false);
  host::heap_free(buffer);
}

PubSubClient& PubSubClient::setServer(IPAddress addr, uint16_t p) {
  ip = addr;
  domain = nullptr;
  port = p;
  return *this;
}
PubSubClient& PubSubClient::setServer(uint8_t* addr, uint16_t p) { return setServer(IPAddress(addr[0], addr[1], addr[2], addr[3]), p); }
PubSubClient& PubSubClient::setServer(const char* d, uint16_t p) {
  domain = d;
  port = p;
  return *this;
}
PubSubClient& PubSubClient::setCallback(MQTT_CALLBACK_SIGNATURE) {
  this->callback = callback;
  return *this;
}
PubSubClient& PubSubClient::setClient(Client& client) {
  _client = &client;
  return *this;
}
PubSubClient& PubSubClient::setStream(Stream& s) {
  stream = &s;
  return *this;
}
PubSubClient& PubSubClient::setKeepAlive(uint16_t k) {
  keepAlive = k;
  return *this;
}
PubSubClient& PubSubClient::setSocketTimeout(uint16_t t) {
  socketTimeout = t;
  return *this;
}

boolean PubSubClient::setBufferSize(uint16_t size) {
  if (size == 0) return false;  // cannot go back to no buffer
  host::refresh_faults();
  uint8_t* fresh = host::faults().mqtt_alloc_fail ? nullptr : static_cast<uint8_t*>(host::heap_realloc(buffer, size));
  if (!fresh) {
    host::event("mqtt buffer_alloc_failed size=%u kept=%u", size, bufferSize);
    return false;  // the old buffer stays, as realloc() leaves it
  }
  buffer = fresh;
  bufferSize = size;
  if (session_) session_->buffer_size = size;
  return true;
}

uint16_t PubSubClient::getBufferSize() { return bufferSize; }

boolean PubSubClient::connect(const char* id) { return connect(id, nullptr, nullptr, nullptr, 0, false, nullptr, true); }
boolean PubSubClient::connect(const char* id, const char* user, const char* pass) {
  return connect(id, user, pass, nullptr, 0, false, nullptr, true);
}
boolean PubSubClient::connect(const char* id, const char* willTopic, uint8_t willQos, boolean willRetain, const char* willMessage) {
  return connect(id, nullptr, nullptr, willTopic, willQos, willRetain, willMessage, true);
}
boolean PubSubClient::connect(const char* id, const char* user, const char* pass, const char* willTopic, uint8_t willQos, boolean willRetain,
                              const char* willMessage) {
  return connect(id, user, pass, willTopic, willQos, willRetain, willMessage, true);
}

void PubSubClient::drop_session(bool clean) {
  if (!session_) return;
  if (session_->mosq) {
    if (clean) {
      mosquitto_disconnect(session_->mosq);  // DISCONNECT: the broker discards the will
      session_->flush(1);
    }
    // Otherwise the socket just closes, as when Wi-Fi drops: the broker publishes the will.
    mosquitto_destroy(session_->mosq);
  }
  delete session_;
  session_ = nullptr;
}

boolean PubSubClient::connect(const char* id, const char* user, const char* pass, const char* willTopic, uint8_t willQos, boolean willRetain,
                              const char* willMessage, boolean cleanSession) {
  if (connected()) return true;
  if (!_client) return false;
  // The CONNECT packet must fit the buffer, field by field, as 2.8 checks it (CHECK_STRING_LENGTH).
  size_t length = MQTT_MAX_HEADER_SIZE + 7 + 1 + 2;
  for (const char* field : {id, willTopic ? willTopic : nullptr, willTopic ? willMessage : nullptr, user, user ? pass : nullptr}) {
    if (!field) continue;
    if (length + 2 + strnlen(field, bufferSize) > bufferSize) {
      _client->stop();
      return false;
    }
    length += 2 + strlen(field);
  }
  drop_session(false);
  host::refresh_faults();
  if (!host::wifi_associated() || host::faults().mqtt_down) {
    _state = MQTT_CONNECT_FAILED;  // the TCP connect fails
    host::event("mqtt connect_failed state=%d reason=%s", _state, host::faults().mqtt_down ? "broker_unreachable" : "no_wifi");
    return false;
  }
  if (!g_lib_ready) {
    mosquitto_lib_init();
    g_lib_ready = true;
  }
  session_ = new Session;
  session_->buffer_size = bufferSize;
  Session& s = *session_;
  s.mosq = mosquitto_new(id, cleanSession, &s);
  if (!s.mosq) {
    _state = MQTT_CONNECT_FAILED;
    drop_session(false);
    return false;
  }
  mosquitto_int_option(s.mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
  mosquitto_connect_callback_set(s.mosq, Session::on_connect);
  mosquitto_disconnect_callback_set(s.mosq, Session::on_disconnect);
  mosquitto_message_callback_set(s.mosq, Session::on_message);
  if (user) mosquitto_username_pw_set(s.mosq, user, pass);
  if (willTopic) mosquitto_will_set(s.mosq, willTopic, willMessage ? static_cast<int>(strlen(willMessage)) : 0, willMessage, willQos, willRetain);
  WiFiClientSecure* secure = dynamic_cast<WiFiClientSecure*>(_client);
  if (secure) {
    // TLS as WiFiClientSecure would do it: verified against the CA the sketch set.
    const std::string ca_path = host::state_path("mqtt_ca.pem");
    if (FILE* ca = fopen(ca_path.c_str(), "w")) {
      fputs(secure->host_ca() ? secure->host_ca() : "", ca);
      fclose(ca);
    }
    mosquitto_tls_set(s.mosq, ca_path.c_str(), nullptr, nullptr, nullptr, nullptr);
    if (secure->host_insecure()) mosquitto_tls_insecure_set(s.mosq, true);
  }
  const std::string host_name = domain ? std::string(domain) : std::string(ip.toString().c_str());
  const int rc = mosquitto_connect(s.mosq, host_name.c_str(), port, keepAlive < 5 ? 5 : keepAlive);
  if (rc != MOSQ_ERR_SUCCESS || !s.flush(socketTimeout)) {
    _state = MQTT_CONNECT_FAILED;
    host::event("mqtt connect_failed state=%d reason=%s", _state, mosquitto_strerror(rc));
    drop_session(false);
    return false;
  }
  // Wait for CONNACK: socketTimeout of virtual time, and at least a real second so a loaded host
  // is not mistaken for a dead broker.
  const unsigned long start = millis();
  const uint64_t real_start = host::real_ms();
  while (!s.connack) {
    mosquitto_loop(s.mosq, 2, 1);
    if (s.connack) break;
    if (millis() - start >= socketTimeout * 1000UL && host::real_ms() - real_start >= 1000) {
      _state = MQTT_CONNECTION_TIMEOUT;
      host::event("mqtt connect_failed state=%d reason=timeout", _state);
      drop_session(false);
      return false;
    }
  }
  if (s.connack_rc != 0) {
    _state = s.connack_rc;  // 1..5: the CONNACK's return code
    host::event("mqtt connect_failed state=%d reason=refused", _state);
    drop_session(false);
    return false;
  }
  _state = MQTT_CONNECTED;
  host::event("mqtt connected client=%s clean=%d", id, cleanSession ? 1 : 0);
  return true;
}

void PubSubClient::disconnect() {
  drop_session(true);
  _state = MQTT_DISCONNECTED;
}

boolean PubSubClient::connected() {
  if (!_client) return false;
  host::refresh_faults();
  const bool up = session_ && session_->mosq && host::wifi_associated() && !host::faults().mqtt_down && session_->socket_open();
  if (!up) {
    if (_state == MQTT_CONNECTED) {
      _state = MQTT_CONNECTION_LOST;
      host::event("mqtt lost state=%d", _state);
      drop_session(false);
    }
    return false;
  }
  return _state == MQTT_CONNECTED;
}

boolean PubSubClient::publish(const char* topic, const char* payload) {
  return publish(topic, reinterpret_cast<const uint8_t*>(payload), payload ? strlen(payload) : 0, false);
}
boolean PubSubClient::publish(const char* topic, const char* payload, boolean retained) {
  return publish(topic, reinterpret_cast<const uint8_t*>(payload), payload ? strlen(payload) : 0, retained);
}
boolean PubSubClient::publish(const char* topic, const uint8_t* payload, unsigned int plength) { return publish(topic, payload, plength, false); }
boolean PubSubClient::publish_P(const char* topic, const char* payload, boolean retained) { return publish(topic, payload, retained); }
boolean PubSubClient::publish_P(const char* topic, const uint8_t* payload, unsigned int plength, boolean retained) {
  return publish(topic, payload, plength, retained);
}

boolean PubSubClient::publish(const char* topic, const uint8_t* payload, unsigned int plength, boolean retained) {
  if (!connected()) return false;
  if (bufferSize < MQTT_MAX_HEADER_SIZE + 2 + strnlen(topic, bufferSize) + plength) return false;  // too long: 2.8's limit
  if (mosquitto_publish(session_->mosq, nullptr, topic, static_cast<int>(plength), payload, 0, retained) != MOSQ_ERR_SUCCESS ||
      !session_->flush(socketTimeout)) {
    _state = MQTT_CONNECTION_LOST;
    host::event("mqtt lost state=%d", _state);
    drop_session(false);
    return false;
  }
  host::event("publish topic=%s bytes=%u retained=%d", topic, plength, retained ? 1 : 0);
  return true;
}

boolean PubSubClient::beginPublish(const char* topic, unsigned int plength, boolean retained) {
  if (!connected()) return false;
  session_->stream_topic = topic;
  session_->stream_payload.clear();
  session_->stream_expected = plength;
  session_->stream_retained = retained;
  return true;
}

size_t PubSubClient::write(uint8_t c) { return write(&c, 1); }

size_t PubSubClient::write(const uint8_t* buf, size_t size) {
  if (!session_) return 0;
  session_->stream_payload.append(reinterpret_cast<const char*>(buf), size);
  return size;
}

int PubSubClient::endPublish() {
  if (!session_ || session_->stream_payload.size() != session_->stream_expected) return 0;
  if (!connected()) return 0;
  // The streaming API bypasses the buffer limit, as in 2.8.
  const Session::Message m{session_->stream_topic, session_->stream_payload};
  const bool ok = mosquitto_publish(session_->mosq, nullptr, m.topic.c_str(), static_cast<int>(m.payload.size()), m.payload.data(), 0,
                                    session_->stream_retained) == MOSQ_ERR_SUCCESS &&
                  session_->flush(socketTimeout);
  return ok ? 1 : 0;
}

boolean PubSubClient::subscribe(const char* topic) { return subscribe(topic, 0); }

boolean PubSubClient::subscribe(const char* topic, uint8_t qos) {
  if (qos > 1) return false;
  if (bufferSize < 9 + strnlen(topic, bufferSize)) return false;  // too long
  if (!connected()) return false;
  return mosquitto_subscribe(session_->mosq, nullptr, topic, qos) == MOSQ_ERR_SUCCESS && session_->flush(socketTimeout);
}

boolean PubSubClient::unsubscribe(const char* topic) {
  if (bufferSize < 9 + strnlen(topic, bufferSize)) return false;
  if (!connected()) return false;
  return mosquitto_unsubscribe(session_->mosq, nullptr, topic) == MOSQ_ERR_SUCCESS && session_->flush(socketTimeout);
}

boolean PubSubClient::loop() {
  if (!connected()) return false;
  const int rc = mosquitto_loop(session_->mosq, 0, 1);
  if (rc != MOSQ_ERR_SUCCESS || session_->lost || !session_->flush(socketTimeout)) {
    _state = MQTT_CONNECTION_LOST;
    host::event("mqtt lost state=%d", _state);
    drop_session(false);
    return false;
  }
  if (session_->inbox.empty()) return true;
  // One message per loop(), delivered from inside the client's buffer as 2.8 does.
  const Session::Message m = session_->inbox.front();
  session_->inbox.pop_front();
  memcpy(buffer, m.topic.c_str(), m.topic.size() + 1);
  uint8_t* payload = buffer + m.topic.size() + 1;
  memcpy(payload, m.payload.data(), m.payload.size());
  if (callback) callback(reinterpret_cast<char*>(buffer), payload, static_cast<unsigned int>(m.payload.size()));
  return true;
}

int PubSubClient::state() { return _state; }
