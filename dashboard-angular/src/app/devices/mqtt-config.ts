import type { MqttSettings } from '../api/api-types';

/** The firmware's include/device_config.h for a freshly provisioned device (firmware-esp32). */
export function firmwareConfig(deviceId: string, mqtt: MqttSettings): string {
  return [
    '// include/device_config.h',
    `#define CFG_DEVICE_ID "${deviceId}"`,
    `#define CFG_DEVICE_SECRET "${mqtt.password}"`,
    '#define CFG_WIFI_SSID "my-wifi"',
    '#define CFG_WIFI_PASSWORD "my-wifi-password"',
    `#define CFG_MQTT_HOST "${mqtt.host}"`,
    `#define CFG_MQTT_PORT ${mqtt.port}`,
    '#define CFG_MQTT_TLS 0',
  ].join('\n');
}

/** The same settings as JSON, for other MQTT clients and scripts. */
export function mqttJson(mqtt: MqttSettings): string {
  return JSON.stringify(mqtt, null, 2);
}
