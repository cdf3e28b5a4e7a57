import type { CallMeBotRequest } from '@energy/alert-service/testing';

/**
 * What a fake CallMeBot received, tied back to the alerts: the duplicate check on real delivery
 * attempts, next to the one on the notification_deliveries table (a process killed between the HTTP
 * request and its row leaves the table short; the fake still sees every request).
 */
export type MessageEvent = 'raised' | 'cleared' | 'reminder';

export interface AlertSpan {
  id: number;
  deviceId: string;
  raisedMs: number;
  clearedMs: number | null;
}

export interface CallMeBotTally {
  /** Requests the fake answered. */
  received: number;
  byEvent: Record<MessageEvent, number>;
  recipients: number;
  /** `alert 12 raised to +49…01 ×2`: an (alert, event, recipient) that reached CallMeBot more than once. */
  repeated: string[];
  /** Messages that name no event or device, or no alert of that device fits. */
  unmatched: string[];
}

/** The event and device of a message as alert-text.ts writes it: the headline's first sign, then `Device: name (id)` or `Device: id`. */
export function describeMessage(text: string): { event: MessageEvent; deviceId: string } | null {
  const event: MessageEvent | null = text.startsWith('🔁') ? 'reminder' : text.startsWith('✅') ? 'cleared' : text.startsWith('⚠️') ? 'raised' : null;
  const device = /^Device: (.+)$/m.exec(text)?.[1];
  if (!event || !device) return null;
  return { event, deviceId: /\(([^()]+)\)$/.exec(device)?.[1] ?? device };
}

/**
 * A message belongs to the device's latest alert raised (cleared, for a "cleared" message) before the
 * fake received it: the alert row is written before its message is sent, and with one rule a device
 * has at most one open alert (the chaos run checks that too).
 */
export function tallyCallMeBot(requests: readonly CallMeBotRequest[], alerts: readonly AlertSpan[]): CallMeBotTally {
  const byDevice = new Map<string, AlertSpan[]>();
  for (const a of alerts) byDevice.set(a.deviceId, [...(byDevice.get(a.deviceId) ?? []), a]);
  const byEvent: Record<MessageEvent, number> = { raised: 0, cleared: 0, reminder: 0 };
  const counts = new Map<string, number>();
  const unmatched: string[] = [];
  for (const r of requests) {
    const message = describeMessage(r.text ?? '');
    if (!message) {
      unmatched.push(`unreadable: ${JSON.stringify((r.text ?? '').split('\n')[0])}`);
      continue;
    }
    byEvent[message.event]++;
    const at = (a: AlertSpan) => (message.event === 'cleared' ? a.clearedMs : a.raisedMs);
    const alert = (byDevice.get(message.deviceId) ?? [])
      .filter((a) => at(a) !== null && at(a)! <= r.at)
      .reduce<AlertSpan | null>((latest, a) => (latest && at(latest)! >= at(a)! ? latest : a), null);
    if (!alert) {
      unmatched.push(`${message.event} for ${message.deviceId} at ${r.at}: no such alert`);
      continue;
    }
    const key = `alert ${alert.id} ${message.event} to ${r.phone}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return {
    received: requests.length,
    byEvent,
    recipients: new Set(requests.map((r) => r.phone)).size,
    repeated: [...counts].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`),
    unmatched,
  };
}
