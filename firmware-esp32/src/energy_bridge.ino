// ESP32 bridge: UNO lines on Serial2 -> MQTT, relay on a GPIO. Every decision is made in
// lib/ (plain C++, host-tested); this file only adapts Serial2, WiFi, PubSubClient,
// Preferences (NVS), LittleFS (the reading journal), the clock and the relay pin to its
// interfaces, plus a provisioning console on the USB serial port. Wiring, flashing and
// provisioning: docs/hardware.md. The same file is built on the host against firmware-esp32/host
// (make -C firmware-esp32 host) for the digital twin.
#include <Arduino.h>
#include <LittleFS.h>
#include <Preferences.h>
#include <PubSubClient.h>
#include <WiFi.h>
#include <WiFiClientSecure.h>
#include <esp_heap_caps.h>
#include <esp_random.h>  // core 3.x: no longer pulled in by esp_system.h
#include <esp_system.h>
#include <sys/time.h>

#include "bridge.h"
#include "memory_plan.h"
#include "mqtt_packet.h"

#if __has_include("device_config.h")
#include "device_config.h"
#endif
// No credentials in the sketch: empty defaults, filled from NVS or device_config.h.
#ifndef CFG_DEVICE_ID
#define CFG_DEVICE_ID ""
#define CFG_DEVICE_SECRET ""
#define CFG_WIFI_SSID ""
#define CFG_WIFI_PASSWORD ""
#define CFG_MQTT_HOST ""
#define CFG_MQTT_PORT 1883
#define CFG_MQTT_TLS 0
#define CFG_MQTT_CA_PEM ""
#endif

#ifndef UNO_RX_PIN
#define UNO_RX_PIN 16  // from the UNO's TX, through the level shifter
#endif
#ifndef UNO_TX_PIN
#define UNO_TX_PIN 17  // unused by the protocol, left unconnected
#endif
#ifndef RELAY_PIN
#define RELAY_PIN 26
#endif
#ifndef RELAY_ACTIVE_HIGH
#define RELAY_ACTIVE_HIGH 1
#endif
#ifndef MQTT_SOCKET_TIMEOUT_S
#define MQTT_SOCKET_TIMEOUT_S 2  // bounds the one blocking call, PubSubClient::connect()
#endif
#ifndef NTP_SERVER
#define NTP_SERVER "pool.ntp.org"
#endif

static Preferences prefs;  // namespace "energy": settings, seq_limit, energy

// Settings live in static buffers: BridgeConfig points at them.
static char device_id[65], secret[kMaxSecretLength + 1], wifi_ssid[33], wifi_password[65], mqtt_host[128];
static char mqtt_ca[2048];
static uint16_t mqtt_port;
static bool mqtt_tls;

static void load_setting(const char* key, char* out, size_t cap, const char* fallback) {
  const String value = prefs.getString(key, fallback);  // once at boot: no heap churn in loop()
  strlcpy(out, value.c_str(), cap);
}

static void load_settings() {
  load_setting("device_id", device_id, sizeof device_id, CFG_DEVICE_ID);
  load_setting("secret", secret, sizeof secret, CFG_DEVICE_SECRET);
  load_setting("wifi_ssid", wifi_ssid, sizeof wifi_ssid, CFG_WIFI_SSID);
  load_setting("wifi_password", wifi_password, sizeof wifi_password, CFG_WIFI_PASSWORD);
  load_setting("mqtt_host", mqtt_host, sizeof mqtt_host, CFG_MQTT_HOST);
  load_setting("mqtt_ca", mqtt_ca, sizeof mqtt_ca, CFG_MQTT_CA_PEM);
  mqtt_port = prefs.getUShort("mqtt_port", CFG_MQTT_PORT);
  mqtt_tls = prefs.getBool("mqtt_tls", CFG_MQTT_TLS);
}

struct NvsStore : KeyValueStore {
  bool read(const char* key, void* data, size_t len) override {
    return prefs.getBytesLength(key) == len && prefs.getBytes(key, data, len) == len;
  }
  bool write(const char* key, const void* data, size_t len) override { return prefs.putBytes(key, data, len) == len; }
};

struct WifiNetwork : NetworkPort {
  bool up() override { return WiFi.status() == WL_CONNECTED; }
  void restart() override {
    WiFi.disconnect();
    WiFi.begin(wifi_ssid, wifi_password);  // returns at once; association runs in the background
  }
};

static WiFiClient plain_client;
static WiFiClientSecure tls_client;
static PubSubClient mqtt_client;
static bool mqtt_buffer_ok = false;

// PubSubClient drops (returns false for) every packet larger than its buffer, so a failed
// setBufferSize() would make every reading fail to publish. Without the buffer we stay offline
// (readings are held and journaled) and retry the allocation before each connect attempt.
static bool ensure_mqtt_buffer() {
  if (mqtt_buffer_ok) return true;
  mqtt_buffer_ok = mqtt_client.setBufferSize(kMqttBufferSize);
  if (!mqtt_buffer_ok) Serial.printf("MQTT buffer of %u bytes not allocated (largest free block %u): staying offline, retrying\n",
                                     static_cast<unsigned>(kMqttBufferSize), static_cast<unsigned>(ESP.getMaxAllocHeap()));
  return mqtt_buffer_ok;
}

struct PubSubMqtt : MqttPort {
  bool connected() override { return mqtt_client.connected(); }
  bool connect(const MqttConnectOptions& o) override {
    if (!ensure_mqtt_buffer()) return false;
    // Will: retained "offline" at QoS 1. cleanSession false: the broker keeps our QoS 1
    // subscriptions (acks, relay commands) while we are away.
    return mqtt_client.connect(o.client_id, o.username, o.password, o.will_topic, 1, true, o.will_payload, false);
  }
  bool publish(const char* topic, const char* payload, size_t len, bool retained) override {
    return mqtt_client.publish(topic, reinterpret_cast<const uint8_t*>(payload), len, retained);
  }
  bool subscribe(const char* topic) override { return mqtt_client.subscribe(topic, 1); }
  void loop() override { mqtt_client.loop(); }
};

struct EspClock : Clock {
  uint32_t now_ms() override { return millis(); }
  uint64_t utc_ms() override {
    timeval tv;
    gettimeofday(&tv, nullptr);
    if (tv.tv_sec < 1700000000) return 0;  // before the first NTP sync the clock says 1970
    return static_cast<uint64_t>(tv.tv_sec) * 1000ULL + static_cast<uint64_t>(tv.tv_usec / 1000);
  }
};

struct RelayPin : RelayOutput {
  void set(RelayState state) override { digitalWrite(RELAY_PIN, (state == RelayState::On) == (RELAY_ACTIVE_HIGH != 0) ? HIGH : LOW); }
};

struct HardwareRandom : RandomSource {
  uint32_t next() override { return esp_random(); }
};

// The reading journal's files, and the seq reservation's fallback (SeqLimitFile), on LittleFS.
// Arduino's File::close() reports no error, so a close is checked by the file's size afterwards:
// only then is the append known to be on flash.
struct LittleFsJournal : FlashFs {
  File file;
  char path[32] = {0};
  size_t expected = 0;
  bool append_open(const char* p) override {
    strlcpy(path, p, sizeof path);
    file = LittleFS.open(p, FILE_APPEND);
    expected = file ? file.size() : 0;
    return static_cast<bool>(file);
  }
  bool append_write(const void* data, size_t len) override {
    expected += len;
    return file && file.write(static_cast<const uint8_t*>(data), len) == len;
  }
  bool append_close() override {
    if (!file) return false;
    file.close();
    File check = LittleFS.open(path, FILE_READ);
    const bool ok = check && check.size() == expected;
    check.close();
    return ok;
  }
  bool read(const char* p, uint32_t offset, void* data, size_t len) override {
    File f = LittleFS.open(p, FILE_READ);
    const bool ok = f && f.seek(offset) && f.read(static_cast<uint8_t*>(data), len) == len;
    f.close();
    return ok;
  }
  bool remove(const char* p) override { return LittleFS.remove(p); }
  bool rename(const char* from, const char* to) override { return LittleFS.rename(from, to); }
  bool make_dir(const char* p) override { return LittleFS.exists(p) || LittleFS.mkdir(p); }
  void list(const char* dir, void (*each)(void*, const char*, uint32_t), void* ctx) override {
    File d = LittleFS.open(dir);
    if (!d || !d.isDirectory()) return;
    for (File f = d.openNextFile(); f; f = d.openNextFile()) {
      each(ctx, f.name(), static_cast<uint32_t>(f.size()));
      f.close();
    }
  }
  uint32_t free_bytes() override {
    const size_t total = LittleFS.totalBytes(), used = LittleFS.usedBytes();
    return total > used ? static_cast<uint32_t>(total - used) : 0;
  }
};

static NvsStore nvs;
static WifiNetwork network;
static PubSubMqtt mqtt;
static EspClock clock_source;
static RelayPin relay;
static HardwareRandom random_source;
static LittleFsJournal flash_journal;
static bool flash_ok = false;

static BridgeConfig make_config() {
  BridgeConfig c;
  c.device_id = device_id;
  c.secret = secret;
  return c;
}
// The ring, the seq-waiting queue and the journal index live on the heap, sized at boot from what
// Wi-Fi left (memory_plan.h): a static one-hour ring does not fit the ESP32's static DRAM.
static Bridge bridge(BridgePorts{mqtt, network, clock_source, relay, nvs, random_source, &flash_journal}, make_config());
static bool bridge_ok = false;

template <typename T>
static T* allocate(uint32_t count) {
  return static_cast<T*>(heap_caps_malloc(static_cast<size_t>(count) * sizeof(T), MALLOC_CAP_8BIT));
}

static BridgeMemory allocate_memory() {
  const MemoryPlan plan = plan_memory(ESP.getFreeHeap(), ESP.getMaxAllocHeap(), flash_ok ? static_cast<uint32_t>(LittleFS.totalBytes()) : 0);
  BridgeMemory m = {nullptr, plan.ring_capacity, nullptr, plan.pending_capacity, nullptr, plan.journal_segments};
  m.journal_index = m.journal_segments ? allocate<JournalSegment>(m.journal_segments) : nullptr;
  if (!m.journal_index) m.journal_segments = 0;
  m.pending = allocate<Measurement>(m.pending_capacity);
  if (!m.pending) m.pending_capacity = 0;
  // The plan is an estimate of a fragmented heap: halve the ring until it fits.
  for (; m.ring_capacity >= 16; m.ring_capacity /= 2)
    if ((m.ring = allocate<Measurement>(m.ring_capacity)) != nullptr) break;
  if (!m.ring) m.ring_capacity = 0;
  Serial.printf("ring %u readings (%u B), seq queue %u, journal index %u segments; free heap %u\n", static_cast<unsigned>(m.ring_capacity),
                static_cast<unsigned>(m.ring_capacity * sizeof(Measurement)), static_cast<unsigned>(m.pending_capacity),
                static_cast<unsigned>(m.journal_segments), static_cast<unsigned>(ESP.getFreeHeap()));
  return m;
}

static void on_mqtt_message(char* topic, uint8_t* payload, unsigned int len) { bridge.on_message(topic, payload, len); }

// USB console: `set <key> <value>` stores a setting in NVS, `show`, `reboot`.
static void console_poll() {
  static char line[256];
  static size_t len = 0;
  while (Serial.available()) {
    const char c = static_cast<char>(Serial.read());
    if (c != '\n' && c != '\r') {
      if (len < sizeof line - 1) line[len++] = c;
      continue;
    }
    line[len] = '\0';
    len = 0;
    if (strncmp(line, "set ", 4) == 0) {
      char* key = line + 4;
      char* value = strchr(key, ' ');
      if (!value) continue;
      *value++ = '\0';
      static const char* const kStringKeys[] = {"device_id", "secret", "wifi_ssid", "wifi_password", "mqtt_host", "mqtt_ca"};
      bool known = false;
      for (const char* k : kStringKeys)
        if (strcmp(key, k) == 0) known = prefs.putString(k, value) > 0 || *value == '\0';
      if (strcmp(key, "mqtt_port") == 0) known = prefs.putUShort("mqtt_port", static_cast<uint16_t>(atoi(value))) > 0;
      if (strcmp(key, "mqtt_tls") == 0) known = prefs.putBool("mqtt_tls", atoi(value) != 0) > 0;
      Serial.println(known ? "ok (reboot to apply)" : "unknown key or write failed");
    } else if (strcmp(line, "show") == 0) {
      Serial.printf("device_id=%s secret=%s wifi_ssid=%s mqtt=%s:%u tls=%d\n", device_id, secret[0] ? "(set)" : "(empty)", wifi_ssid,
                    mqtt_host, mqtt_port, mqtt_tls);
      const HeldReadings& held = bridge.held();
      Serial.printf("readings=%u held=%u in_ram=%u in_flash=%u waiting_for_seq=%u dropped=%u invalid_lines=%u garbage=%u\n",
                    bridge.stats().readings, held.size(), held.ram().size(), held.journal().size(), bridge.pending().size(),
                    held.dropped() + bridge.pending().dropped(), bridge.stats().invalid_lines, bridge.uart_stats().garbage);
      Serial.printf("published=%u resent=%u journal_appends=%u journal_failures=%u seq_nvs_writes=%u seq_nvs_failures=%u seq_flash_writes=%u "
                    "energy_nvs_writes=%u\n",
                    bridge.stats().published, bridge.delivery().stats().resent, held.journal().stats().appends,
                    held.journal().stats().write_failures, bridge.seqs().writes(), bridge.seqs().write_failures(),
                    bridge.seqs().fallback_writes(), bridge.energy().writes());
    } else if (strcmp(line, "reboot") == 0) {
      ESP.restart();
    }
  }
}

void setup() {
  pinMode(RELAY_PIN, OUTPUT);
  relay.set(RelayState::Off);  // safe state before anything else, even before NVS is read
  Serial.begin(115200);
  // 1 KB of RX buffer: the ~3 lines that arrive while PubSubClient::connect() blocks.
  Serial2.setRxBufferSize(1024);
  Serial2.begin(9600, SERIAL_8N1, UNO_RX_PIN, UNO_TX_PIN);

  prefs.begin("energy", false);
  load_settings();

  WiFi.mode(WIFI_STA);
  WiFi.setAutoReconnect(false);  // lib/link's Connection owns retries, with backoff
  configTime(0, 0, NTP_SERVER);
  flash_ok = LittleFS.begin(true);  // formats a blank partition on first boot
  if (!flash_ok) Serial.println("LittleFS unavailable: readings are held in RAM only");

  if (mqtt_tls) {
    tls_client.setCACert(mqtt_ca);
    mqtt_client.setClient(tls_client);
  } else {
    mqtt_client.setClient(plain_client);
  }
  mqtt_client.setServer(mqtt_host, mqtt_port);
  mqtt_client.setCallback(on_mqtt_message);
  ensure_mqtt_buffer();  // the default 256 bytes would refuse our readings
  mqtt_client.setSocketTimeout(MQTT_SOCKET_TIMEOUT_S);
  mqtt_client.setKeepAlive(15);

  bridge_ok = bridge.begin(allocate_memory());
  if (bridge.held().journal().stats().loaded)
    Serial.printf("journal: %u readings from before the reboot, re-sent once connected\n", bridge.held().journal().stats().loaded);
  if (!bridge_ok) Serial.println("invalid or missing device_id: use `set device_id ...` then `reboot`");
}

void loop() {
  while (Serial2.available()) bridge.on_uart_byte(static_cast<uint8_t>(Serial2.read()));
  console_poll();
  if (bridge_ok) bridge.loop();
}
