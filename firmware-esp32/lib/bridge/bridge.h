// The ESP32's whole job, without Arduino.h: UNO lines in, sequenced readings held until acked,
// published over MQTT, relay commands out. src/energy_bridge.ino wires it to Serial2, WiFi,
// PubSubClient, NVS and a GPIO; the host tests wire it to fakes and a simulated broker.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "backoff.h"
#include "connection.h"
#include "delivery.h"
#include "energy_total.h"
#include "key_value_store.h"
#include "ports.h"
#include "reading_codec.h"
#include "reading_ring.h"
#include "relay.h"
#include "seq_allocator.h"
#include "topics.h"
#include "uart_line_reader.h"

struct BridgeConfig {
  const char* device_id;  // also the MQTT client id and username
  const char* secret;     // the MQTT password, from the dashboard
  RelayState boot_relay_state = RelayState::Off;  // the safe state restored on every boot
  uint32_t seq_block = 1000;
  uint8_t max_publishes_per_loop = 4;
  DeliveryConfig delivery;
  EnergyPersistConfig energy;
  ConnectionConfig connection;
};

struct BridgePorts {
  MqttPort& mqtt;
  NetworkPort& network;
  Clock& clock;
  RelayOutput& relay;
  KeyValueStore& store;
  RandomSource& random;
};

struct BridgeStats {
  uint32_t readings = 0;       // lines accepted and given a seq
  uint32_t invalid_lines = 0;  // complete lines the contract refuses
  ReadingError last_error = ReadingError::None;
  uint32_t published = 0;
  uint32_t publish_failures = 0;
  uint32_t relay_commands = 0;
  uint32_t bad_commands = 0;   // relay commands or acks that did not parse
};

class Bridge {
 public:
  Bridge(const BridgePorts& ports, Measurement* ring_storage, uint32_t ring_capacity, const BridgeConfig& config);

  // Drives the relay to its safe state first, then loads seq and energy from NVS. False if the
  // device id is invalid (nothing would be accepted by the broker).
  bool begin();
  void on_uart_byte(uint8_t byte);
  void on_message(const char* topic, const uint8_t* payload, size_t len);
  void loop();

  const BridgeStats& stats() const { return stats_; }
  const UartLineStats& uart_stats() const { return reader_.stats(); }
  const ReadingRing& ring() const { return ring_; }
  const Delivery& delivery() const { return delivery_; }
  const SeqAllocator& seqs() const { return seqs_; }
  const EnergyTotal& energy() const { return energy_; }
  bool connected() const { return connection_.mqtt_up(); }
  RelayState relay_state() const { return relay_state_; }

 private:
  void on_connected(uint32_t now_ms);
  void publish_readings(uint32_t now_ms);
  void publish_relay_state();

  BridgePorts ports_;
  BridgeConfig config_;
  DeviceTopics topics_;
  UartLineReader reader_;
  ReadingRing ring_;
  Delivery delivery_;
  SeqAllocator seqs_;
  EnergyTotal energy_;
  Connection connection_;
  BridgeStats stats_;
  RelayState relay_state_ = RelayState::Off;
  char relay_cmd_id_[sizeof(RelayCommand::cmd_id)] = {0};
  bool relay_report_pending_ = false;
  bool ready_ = false;
};
