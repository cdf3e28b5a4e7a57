// Copy to include/device_config.h (git-ignored) for a build with credentials baked in. Anything
// set in NVS (the serial console's `set` command) wins over these, so one firmware image can be
// flashed on every board and provisioned afterwards. Never commit a real secret.
#pragma once

#define CFG_DEVICE_ID "kitchen-1"          // [a-z0-9][a-z0-9_-]{0,63}, as created in the dashboard
#define CFG_DEVICE_SECRET "paste-the-secret-the-dashboard-showed-once"
#define CFG_WIFI_SSID "my-wifi"
#define CFG_WIFI_PASSWORD "my-wifi-password"
#define CFG_MQTT_HOST "192.168.1.10"
#define CFG_MQTT_PORT 1883                 // 8883 with TLS
#define CFG_MQTT_TLS 0                     // 1: TLS, verified against CFG_MQTT_CA_PEM
#define CFG_MQTT_CA_PEM ""                 // the broker's CA certificate (PEM), when TLS is on
