// The ESP32's whole job, without Arduino.h: UNO lines in, sequenced readings held until acked (in
// RAM, and in the flash journal whenever they might not reach the server soon), published over
// MQTT, relay commands out. src/energy_bridge.ino wires it to Serial2, WiFi, PubSubClient, NVS,
// LittleFS and a GPIO; the host tests wire it to fakes and a simulated broker, and the host build
// (host/) runs the sketch itself against a real broker.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "backoff.h"
#include "connection.h"
#include "delivery.h"
#include "energy_total.h"
#include "flash_fs.h"
#include "held_readings.h"
#include "key_value_store.h"
#include "measurement_queue.h"
#include "ports.h"
#include "reading_codec.h"
#include "reading_journal.h"
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
  uint32_t seq_retry_ms = 1000;               // while NVS refuses seq reservations
  uint32_t journal_after_unacked_ms = 15000;  // acks stalled this long: journal every reading
  uint32_t spill_retry_ms = 1000;             // after a failed flash write
  uint8_t max_publishes_per_loop = 4;
  DeliveryConfig delivery;
  EnergyPersistConfig energy;
  ConnectionConfig connection;
  JournalConfig journal;
};

struct BridgePorts {
  MqttPort& mqtt;
  NetworkPort& network;
  Clock& clock;
  RelayOutput& relay;
  KeyValueStore& store;
  RandomSource& random;
  FlashFs* fs = nullptr;  // null: no flash journal (RAM only)
};

// Heap the sketch allocated at boot (memory_plan.h), owned by the caller.
struct BridgeMemory {
  Measurement* ring;
  uint32_t ring_capacity;
  Measurement* pending;
  uint32_t pending_capacity;
  JournalSegment* journal_index;
  uint32_t journal_segments;
};

struct BridgeStats {
  uint32_t lines = 0;          // lines accepted from the UNO
  uint32_t readings = 0;       // readings given a seq
  uint32_t invalid_lines = 0;  // complete lines the contract refuses
  ReadingError last_error = ReadingError::None;
  uint32_t published = 0;
  uint32_t publish_failures = 0;
  uint32_t unreadable = 0;     // journal records that failed their CRC when re-read: lost
  uint32_t relay_commands = 0;
  uint32_t relay_expired = 0;   // commands that came after their expires_at: not applied
  uint32_t relay_no_clock = 0;  // commands while NTP had not synced: not applied
  uint32_t bad_commands = 0;   // relay commands or acks that did not parse
};

class Bridge {
 public:
  Bridge(const BridgePorts& ports, const BridgeConfig& config);

  // Drives the relay to its safe state first, then loads the journal, seq and energy from flash.
  // False if the device id is invalid (nothing would be accepted by the broker).
  bool begin(const BridgeMemory& memory);
  void on_uart_byte(uint8_t byte);
  void on_message(const char* topic, const uint8_t* payload, size_t len);
  void loop();

  const BridgeStats& stats() const { return stats_; }
  const UartLineStats& uart_stats() const { return reader_.stats(); }
  const HeldReadings& held() const { return held_; }
  const MeasurementQueue& pending() const { return pending_; }
  const Delivery& delivery() const { return delivery_; }
  const SeqAllocator& seqs() const { return seqs_; }
  const EnergyTotal& energy() const { return energy_; }
  bool connected() const { return connection_.mqtt_up(); }
  bool journaling() const { return journaling_; }
  RelayState relay_state() const { return relay_state_; }

 private:
  void on_connected(uint32_t now_ms);
  void publish_readings(uint32_t now_ms);
  void publish_relay_state();
  void sequence_pending(uint32_t now_ms);
  bool journaling_wanted(uint32_t now_ms) const;
  uint64_t wire_ts(uint32_t seq, uint64_t ts_ms, uint32_t now_ms);
  static bool due(uint32_t now_ms, uint32_t at_ms) { return static_cast<int32_t>(now_ms - at_ms) >= 0; }

  BridgePorts ports_;
  BridgeConfig config_;
  DeviceTopics topics_;
  UartLineReader reader_;
  ReadingRing ring_;
  ReadingJournal journal_;
  HeldReadings held_;
  MeasurementQueue pending_;
  Delivery delivery_;
  SeqLimitFile seq_file_;
  SeqAllocator seqs_;
  EnergyTotal energy_;
  Connection connection_;
  BridgeStats stats_;
  RelayState relay_state_ = RelayState::Off;
  char relay_cmd_id_[sizeof(RelayCommand::cmd_id)] = {0};
  RelayResult relay_result_ = RelayResult::None;
  bool relay_report_pending_ = false;
  bool ready_ = false;
  bool journaling_ = false;
  uint32_t unacked_since_ms_ = 0;  // last ack progress, or when something became held
  uint32_t seq_retry_at_ms_ = 0;
  bool issued_this_boot_ = false;
  uint32_t first_seq_this_boot_ = 0;  // readings from here on can resolve an uptime timestamp
  uint32_t spill_retry_at_ms_ = 0;
};
