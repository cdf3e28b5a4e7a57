import { headline, localTime, messageText } from './alert-text';

describe('alert text', () => {
  const at = Date.UTC(2025, 10, 27, 7, 0, 12);

  it("keeps the seed's power message word for word and adds device and local time", () => {
    const text = messageText('raised', { kind: 'power_above', deviceId: 'kitchen-1', deviceName: 'Kitchen', value: 520.4, threshold: 500, atMs: at, timeZone: 'Europe/Berlin' });
    expect(text).toBe(
      '⚠️ Power Alert! Load is consuming 520W which exceeds safety limit.\nDevice: Kitchen (kitchen-1)\nLimit: 500W\nTime: 2025-11-27 08:00:12 (Europe/Berlin)',
    );
  });

  it('writes a clear message and reminders', () => {
    const facts = { kind: 'power_above' as const, deviceId: 'k', deviceName: 'k', value: 12, threshold: 500, atMs: at, timeZone: 'UTC' };
    expect(messageText('cleared', facts)).toBe('✅ Power alert cleared. Load is now 12W (limit 500W).\nDevice: k\nTime: 2025-11-27 07:00:12 (UTC)');
    expect(messageText('reminder', facts).startsWith('🔁 Reminder: ⚠️ Power Alert!')).toBe(true);
  });

  it('has a headline for every kind', () => {
    const base = { deviceId: 'k', deviceName: 'k', value: 262, threshold: 253, band: { low: 207, high: 253 }, atMs: at, timeZone: 'UTC' };
    expect(headline('raised', { ...base, kind: 'voltage_outside' })).toBe('⚠️ Voltage Alert! Supply is at 262V, outside the safe band of 207–253V.');
    expect(headline('raised', { ...base, kind: 'daily_energy_above', value: 5200, threshold: 5000 })).toContain('5.20 kWh which exceeds the 5.00 kWh budget');
    expect(headline('raised', { ...base, kind: 'offline', value: 125 })).toBe('⚠️ Device Offline! No reading for 125 s.');
  });

  it('formats local time across a DST change', () => {
    expect(localTime(Date.UTC(2025, 2, 30, 1, 30), 'Europe/Berlin')).toBe('2025-03-30 03:30:00');
  });
});
