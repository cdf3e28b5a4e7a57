/** `energy/{deviceId}/status`: retained plain text, `offline` comes from the device's will message. */
export const DeviceStatus = { online: 'online', offline: 'offline' } as const;
export type DeviceStatus = (typeof DeviceStatus)[keyof typeof DeviceStatus];

export function parseDeviceStatus(payload: Uint8Array | string): DeviceStatus | null {
  const text = (typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8')).trim();
  return text === DeviceStatus.online || text === DeviceStatus.offline ? text : null;
}
