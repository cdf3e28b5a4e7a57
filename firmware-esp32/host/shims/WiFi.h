// Host shim of Arduino-ESP32's WiFi (station mode). Association takes wifi_assoc_ms of virtual time
// (default 1000); the faults file's wifi_down=1 drops it and makes every attempt fail. As with
// setAutoReconnect(false) on the chip, a dropped link stays down until begin() is called again.
#pragma once
#include <stdint.h>

#include "IPAddress.h"
#include "WString.h"
#include "WiFiClient.h"

typedef enum {
  WL_NO_SHIELD = 255,
  WL_IDLE_STATUS = 0,
  WL_NO_SSID_AVAIL = 1,
  WL_SCAN_COMPLETED = 2,
  WL_CONNECTED = 3,
  WL_CONNECT_FAILED = 4,
  WL_CONNECTION_LOST = 5,
  WL_DISCONNECTED = 6
} wl_status_t;

typedef enum { WIFI_MODE_NULL = 0, WIFI_MODE_STA, WIFI_MODE_AP, WIFI_MODE_APSTA, WIFI_MODE_MAX } wifi_mode_t;
#define WIFI_OFF WIFI_MODE_NULL
#define WIFI_STA WIFI_MODE_STA
#define WIFI_AP WIFI_MODE_AP
#define WIFI_AP_STA WIFI_MODE_APSTA

class WiFiClass {
 public:
  bool mode(wifi_mode_t m);
  wifi_mode_t getMode() const { return mode_; }
  wl_status_t begin(const char* ssid, const char* passphrase = nullptr, int32_t channel = 0, const uint8_t* bssid = nullptr,
                    bool connect = true);
  bool disconnect(bool wifioff = false, bool eraseap = false);
  bool reconnect();
  wl_status_t status();
  bool isConnected() { return status() == WL_CONNECTED; }
  bool setAutoReconnect(bool autoReconnect);
  bool getAutoReconnect() const { return auto_reconnect_; }
  IPAddress localIP() { return isConnected() ? IPAddress(127, 0, 0, 1) : IPAddress(); }
  int8_t RSSI() { return isConnected() ? -60 : 0; }
  String macAddress() { return String("24:0A:C4:00:00:01"); }

 private:
  wifi_mode_t mode_ = WIFI_MODE_NULL;
  bool auto_reconnect_ = true;
  bool attempting_ = false;   // begin() called, association pending
  bool associated_ = false;
  bool failed_ = false;       // the last attempt failed (no AP)
  bool lost_ = false;         // was associated, the link dropped
  uint64_t associated_at_ms_ = 0;
};

extern WiFiClass WiFi;
