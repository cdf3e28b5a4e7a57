// PubSubClient builds every packet in one buffer (256 bytes by default) and silently drops a
// publish that does not fit. These give the exact MQTT 3.1.1 packet sizes so a host test can
// prove the buffer set with setBufferSize() holds the largest reading and the CONNECT packet.
#pragma once
#include <stddef.h>

// Passed to PubSubClient::setBufferSize() in src/energy_bridge.ino.
static const size_t kMqttBufferSize = 512;
// Longest secret the provisioning accepts (the dashboard's are shorter).
static const size_t kMaxSecretLength = 128;

// Bytes of the MQTT "remaining length" field for a given remaining length. [MQTT-2.2.3]
inline size_t mqtt_varint_size(size_t n) { return n < 128 ? 1 : n < 16384 ? 2 : n < 2097152 ? 3 : 4; }

// PUBLISH at QoS 0: topic length prefix + topic + payload, no packet id. [MQTT-3.3.2]
inline size_t mqtt_publish_size(size_t topic_len, size_t payload_len) {
  const size_t remaining = 2 + topic_len + payload_len;
  return 1 + mqtt_varint_size(remaining) + remaining;
}

// CONNECT with will, username and password: 10-byte variable header, then length-prefixed
// client id, will topic, will message, username, password. [MQTT-3.1]
inline size_t mqtt_connect_size(size_t client_id, size_t will_topic, size_t will_msg, size_t user, size_t pass) {
  const size_t remaining = 10 + 2 + client_id + 2 + will_topic + 2 + will_msg + 2 + user + 2 + pass;
  return 1 + mqtt_varint_size(remaining) + remaining;
}
