// ESP32 bridge: UNO lines on Serial2 -> MQTT, relay on a GPIO. Every decision is made in
// lib/bridge (plain C++, host-tested); this file only adapts Serial2, WiFi, PubSubClient,
// Preferences (NVS), the clock and the relay pin to its interfaces, plus a provisioning console
// on the USB serial port. Wiring, flashing and provisioning: docs/hardware.md.
#include <Arduino.h>
#include <Preferences.h>
#include <PubSubClient.h>
#include <WiFi.h>
#include <WiFiClientSecure.h>
#include <esp_system.h>
#include <sys/time.h>

#include "bridge.h"
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
#ifndef READING_RING_CAPACITY
#define READING_RING_CAPACITY 3600  // one hour at 1 Hz, 32 bytes each
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

struct PubSubMqtt : MqttPort {
  bool connected() override { return mqtt_client.connected(); }
  bool connect(const MqttConnectOptions& o) override {
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

static NvsStore nvs;
static WifiNetwork network;
static PubSubMqtt mqtt;
static EspClock clock_source;
static RelayPin relay;
static HardwareRandom random_source;
static Measurement ring_storage[READING_RING_CAPACITY];  // static: a link error, not a runtime surprise, if it does not fit

static BridgeConfig make_config() {
  BridgeConfig c;
  c.device_id = device_id;
  c.secret = secret;
  return c;
}
static Bridge bridge(BridgePorts{mqtt, network, clock_source, relay, nvs, random_source}, ring_storage, READING_RING_CAPACITY,
                     make_config());
static bool bridge_ok = false;

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
      Serial.printf("readings=%u held=%u dropped=%u invalid_lines=%u garbage=%u published=%u resent=%u seq_nvs_writes=%u energy_nvs_writes=%u\n",
                    bridge.stats().readings, bridge.ring().size(), bridge.ring().dropped(), bridge.stats().invalid_lines,
                    bridge.uart_stats().garbage, bridge.stats().published, bridge.delivery().stats().resent, bridge.seqs().writes(),
                    bridge.energy().writes());
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
  WiFi.setAutoReconnect(false);  // lib/bridge's Connection owns retries, with backoff
  configTime(0, 0, NTP_SERVER);

  if (mqtt_tls) {
    tls_client.setCACert(mqtt_ca);
    mqtt_client.setClient(tls_client);
  } else {
    mqtt_client.setClient(plain_client);
  }
  mqtt_client.setServer(mqtt_host, mqtt_port);
  mqtt_client.setCallback(on_mqtt_message);
  mqtt_client.setBufferSize(kMqttBufferSize);  // the default 256 silently drops our readings
  mqtt_client.setSocketTimeout(MQTT_SOCKET_TIMEOUT_S);
  mqtt_client.setKeepAlive(15);

  bridge_ok = bridge.begin();
  if (!bridge_ok) Serial.println("invalid or missing device_id: use `set device_id ...` then `reboot`");
}

void loop() {
  while (Serial2.available()) bridge.on_uart_byte(static_cast<uint8_t>(Serial2.read()));
  console_poll();
  if (bridge_ok) bridge.loop();
}
