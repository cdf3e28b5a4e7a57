// Host shim of PubSubClient 2.8 (knolleary): the same API, return values and limits, written here
// over Debian's libmosquitto (real MQTT 3.1.1 over TCP, synchronously):
//  - publish at QoS 0 only; false when not connected or when 5 + 2 + topic + payload exceeds the
//    buffer (setBufferSize, default 256); when it returns true the packet has been written to the
//    socket;
//  - setBufferSize false when the allocation fails (the old buffer stays);
//  - subscribe at QoS 0 or 1 (false above), false when 9 + topic exceeds the buffer;
//  - loop() delivers at most one received message per call to the callback, with topic and payload
//    inside the client's buffer; messages larger than the buffer are dropped, as 2.8 does;
//  - connect() blocks until CONNACK or the socket timeout (virtual time); the will is set at connect;
//  - state(): MQTT_CONNECTION_TIMEOUT .. MQTT_CONNECT_UNAUTHORIZED as 2.8 reports them.
// The keepalive pings run on real time (libmosquitto), since the broker is real.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include <functional>

#include "Arduino.h"
#include "Client.h"
#include "IPAddress.h"
#include "Stream.h"

#define MQTT_VERSION_3_1 3
#define MQTT_VERSION_3_1_1 4
#ifndef MQTT_VERSION
#define MQTT_VERSION MQTT_VERSION_3_1_1
#endif
#ifndef MQTT_MAX_PACKET_SIZE
#define MQTT_MAX_PACKET_SIZE 256
#endif
#ifndef MQTT_KEEPALIVE
#define MQTT_KEEPALIVE 15
#endif
#ifndef MQTT_SOCKET_TIMEOUT
#define MQTT_SOCKET_TIMEOUT 15
#endif

#define MQTT_CONNECTION_TIMEOUT -4
#define MQTT_CONNECTION_LOST -3
#define MQTT_CONNECT_FAILED -2
#define MQTT_DISCONNECTED -1
#define MQTT_CONNECTED 0
#define MQTT_CONNECT_BAD_PROTOCOL 1
#define MQTT_CONNECT_BAD_CLIENT_ID 2
#define MQTT_CONNECT_UNAVAILABLE 3
#define MQTT_CONNECT_BAD_CREDENTIALS 4
#define MQTT_CONNECT_UNAUTHORIZED 5

#define MQTTQOS0 (0 << 1)
#define MQTTQOS1 (1 << 1)
#define MQTTQOS2 (2 << 1)

#define MQTT_MAX_HEADER_SIZE 5

#define MQTT_CALLBACK_SIGNATURE std::function<void(char*, uint8_t*, unsigned int)> callback

class PubSubClient : public Print {
 public:
  PubSubClient();
  explicit PubSubClient(Client& client);
  PubSubClient(IPAddress, uint16_t, Client& client);
  PubSubClient(const char*, uint16_t, Client& client);
  PubSubClient(const char*, uint16_t, MQTT_CALLBACK_SIGNATURE, Client& client);
  ~PubSubClient() override;

  PubSubClient& setServer(IPAddress ip, uint16_t port);
  PubSubClient& setServer(uint8_t* ip, uint16_t port);
  PubSubClient& setServer(const char* domain, uint16_t port);
  PubSubClient& setCallback(MQTT_CALLBACK_SIGNATURE);
  PubSubClient& setClient(Client& client);
  PubSubClient& setStream(Stream& stream);
  PubSubClient& setKeepAlive(uint16_t keepAlive);
  PubSubClient& setSocketTimeout(uint16_t timeout);

  boolean setBufferSize(uint16_t size);
  uint16_t getBufferSize();

  boolean connect(const char* id);
  boolean connect(const char* id, const char* user, const char* pass);
  boolean connect(const char* id, const char* willTopic, uint8_t willQos, boolean willRetain, const char* willMessage);
  boolean connect(const char* id, const char* user, const char* pass, const char* willTopic, uint8_t willQos, boolean willRetain,
                  const char* willMessage);
  boolean connect(const char* id, const char* user, const char* pass, const char* willTopic, uint8_t willQos, boolean willRetain,
                  const char* willMessage, boolean cleanSession);
  void disconnect();

  boolean publish(const char* topic, const char* payload);
  boolean publish(const char* topic, const char* payload, boolean retained);
  boolean publish(const char* topic, const uint8_t* payload, unsigned int plength);
  boolean publish(const char* topic, const uint8_t* payload, unsigned int plength, boolean retained);
  boolean publish_P(const char* topic, const char* payload, boolean retained);
  boolean publish_P(const char* topic, const uint8_t* payload, unsigned int plength, boolean retained);
  boolean beginPublish(const char* topic, unsigned int plength, boolean retained);
  int endPublish();
  size_t write(uint8_t) override;
  size_t write(const uint8_t* buffer, size_t size) override;

  boolean subscribe(const char* topic);
  boolean subscribe(const char* topic, uint8_t qos);
  boolean unsubscribe(const char* topic);
  boolean loop();
  boolean connected();
  int state();

  // Host only: the network under this client is gone (Wi-Fi dropped).
  void host_link_lost();

 private:
  struct Session;  // the libmosquitto connection and its received messages (heap)
  void drop_session(bool clean);

  Client* _client = nullptr;
  uint8_t* buffer = nullptr;
  uint16_t bufferSize = 0;
  uint16_t keepAlive = MQTT_KEEPALIVE;
  uint16_t socketTimeout = MQTT_SOCKET_TIMEOUT;
  MQTT_CALLBACK_SIGNATURE;
  IPAddress ip;
  const char* domain = nullptr;
  uint16_t port = 0;
  Stream* stream = nullptr;
  int _state = MQTT_DISCONNECTED;
  Session* session_ = nullptr;
};
