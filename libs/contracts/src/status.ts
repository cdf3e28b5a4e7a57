/** `energy/{deviceId}/status`: retained plain text, `offline` comes from the device's will message. */
export const DeviceStatus = { online: 'online', offline: 'offline' } as const;
export type DeviceStatus = (typeof DeviceStatus)[keyof typeof DeviceStatus];

export function parseDeviceStatus(payload: Uint8Array | string): DeviceStatus | null {
  const text = (typeof payload === 'string' ? payload : new TextDecoder().decode(payload)).trim();
  return text === DeviceStatus.online || text === DeviceStatus.offline ? text : null;
}
