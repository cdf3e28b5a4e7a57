import type { AlertRule } from '@energy/contracts';

export type MessageEvent = 'raised' | 'cleared' | 'reminder';

export interface MessageFacts {
  kind: AlertRule['kind'];
  deviceId: string;
  deviceName: string;
  value: number | null;
  threshold: number | null;
  /** unusual_consumption: the analytics service's sentence ("2.1 kWh in 3 h from …, usually 0.6 kWh …"). */
  detail?: string;
  /** voltage_outside: the band. */
  band?: { low: number; high: number };
  shedLoad?: boolean;
  atMs: number;
  timeZone: string;
}

const num = (v: number | null, digits = 0) => (v === null ? '?' : Number(v.toFixed(digits)).toString());
const kwh = (wh: number | null) => (wh === null ? '?' : (wh / 1000).toFixed(2));

/** `2025-11-27 08:00:12` in the site's time zone ('sv-SE' formats as ISO date and 24 h time). */
export function localTime(atMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    .format(new Date(atMs))
    .replace('T', ' ');
}

/** The first line: what happened. The power text is the seed's, word for word. */
export function headline(event: 'raised' | 'cleared', f: MessageFacts): string {
  if (event === 'cleared') {
    switch (f.kind) {
      case 'power_above':
        return `✅ Power alert cleared. Load is now ${num(f.value)}W (limit ${num(f.threshold)}W).`;
      case 'power_below':
        return `✅ Low power alert cleared. Load is now ${num(f.value)}W (limit ${num(f.threshold)}W).`;
      case 'current_above':
        return `✅ Current alert cleared. Load is now drawing ${num(f.value, 2)}A (limit ${num(f.threshold, 2)}A).`;
      case 'voltage_outside':
        return `✅ Voltage alert cleared. Supply is now ${num(f.value)}V.`;
      case 'offline':
        return '✅ Device back online.';
      case 'daily_energy_above':
        return `✅ Energy alert cleared. Today's consumption is ${kwh(f.value)} kWh.`;
      case 'unusual_consumption':
        return '✅ Consumption is back to usual.';
    }
  }
  switch (f.kind) {
    case 'power_above':
      return `⚠️ Power Alert! Load is consuming ${num(f.value)}W which exceeds safety limit.`;
    case 'power_below':
      return `⚠️ Low Power Alert! Load is consuming ${num(f.value)}W which is below the ${num(f.threshold)}W limit.`;
    case 'current_above':
      return `⚠️ Current Alert! Load is drawing ${num(f.value, 2)}A which exceeds the ${num(f.threshold, 2)}A limit.`;
    case 'voltage_outside':
      return `⚠️ Voltage Alert! Supply is at ${num(f.value)}V, outside the safe band of ${num(f.band?.low ?? null)}–${num(f.band?.high ?? null)}V.`;
    case 'offline':
      return `⚠️ Device Offline! No reading for ${num(f.value)} s.`;
    case 'daily_energy_above':
      return `⚠️ Energy Alert! Today's consumption is ${kwh(f.value)} kWh which exceeds the ${kwh(f.threshold)} kWh budget.`;
    case 'unusual_consumption':
      return `⚠️ Unusual consumption! ${f.detail ?? `${num(f.value, 1)} × away from usual.`}`;
  }
}

/** The whole message: the headline, then the device and the local time (and the limit for power). */
export function messageText(event: MessageEvent, f: MessageFacts): string {
  const lines = [event === 'reminder' ? `🔁 Reminder: ${headline('raised', f)}` : headline(event, f)];
  lines.push(`Device: ${f.deviceName === f.deviceId ? f.deviceId : `${f.deviceName} (${f.deviceId})`}`);
  if (event !== 'cleared' && f.kind === 'power_above') lines.push(`Limit: ${num(f.threshold)}W`);
  if (event === 'raised' && f.shedLoad) lines.push('The load is being switched off.');
  lines.push(`Time: ${localTime(f.atMs, f.timeZone)} (${f.timeZone})`);
  return lines.join('\n');
}
