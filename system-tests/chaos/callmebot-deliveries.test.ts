import { messageText, type MessageFacts, type CallMeBotRequest } from '@energy/alert-service/testing';
import { describeMessage, tallyCallMeBot, type AlertSpan } from './callmebot-deliveries';

describe(tallyCallMeBot.name, () => {
  const facts = (deviceId: string, atMs: number, deviceName = deviceId): MessageFacts => ({ kind: 'power_above', deviceId, deviceName, value: 2100, threshold: 500, atMs, timeZone: 'UTC' });
  const request = (phone: string, text: string, at: number): CallMeBotRequest => ({ rawQuery: '', phone, text, apikey: 'k', at, answered: 'ok' });
  const alerts: AlertSpan[] = [
    { id: 1, deviceId: 'chaos-00001', raisedMs: 1_000, clearedMs: 5_000 },
    { id: 2, deviceId: 'chaos-00001', raisedMs: 9_000, clearedMs: null },
    { id: 3, deviceId: 'chaos-00002', raisedMs: 2_000, clearedMs: null },
  ];

  it('reads the event and device of every message the alert service writes', () => {
    expect(describeMessage(messageText('raised', facts('chaos-00001', 0)))).toEqual({ event: 'raised', deviceId: 'chaos-00001' });
    expect(describeMessage(messageText('cleared', facts('chaos-00001', 0)))).toEqual({ event: 'cleared', deviceId: 'chaos-00001' });
    expect(describeMessage(messageText('reminder', facts('kitchen-1', 0, 'Kitchen')))).toEqual({ event: 'reminder', deviceId: 'kitchen-1' });
    expect(describeMessage('hello')).toBeNull();
  });

  it('ties each message to its alert and finds none repeated when each went once per recipient', () => {
    const tally = tallyCallMeBot(
      [
        request('+4915100000001', messageText('raised', facts('chaos-00001', 900)), 1_010),
        request('+4915100000002', messageText('raised', facts('chaos-00001', 900)), 1_020),
        request('+4915100000001', messageText('cleared', facts('chaos-00001', 4_900)), 5_010),
        // The same device's next alert, raised again: a new alert, not a repeat.
        request('+4915100000001', messageText('raised', facts('chaos-00001', 8_900)), 9_010),
        request('+4915100000001', messageText('raised', facts('chaos-00002', 1_900)), 2_010),
      ],
      alerts,
    );
    expect(tally).toEqual({ received: 5, byEvent: { raised: 4, cleared: 1, reminder: 0 }, recipients: 2, repeated: [], unmatched: [] });
  });

  it('reports an (alert, event, recipient) that reached CallMeBot twice, even with a different text', () => {
    const tally = tallyCallMeBot(
      [
        request('+4915100000001', messageText('raised', facts('chaos-00001', 900)), 1_010),
        // Re-sent after a restart, with the facts computed again.
        request('+4915100000001', messageText('raised', facts('chaos-00001', 3_000)), 3_500),
      ],
      alerts,
    );
    expect(tally.repeated).toEqual(['alert 1 raised to +4915100000001 ×2']);
  });

  it('reports messages that fit no alert', () => {
    const tally = tallyCallMeBot(
      [request('+4915100000001', messageText('cleared', facts('chaos-00002', 0)), 3_000), request('+4915100000001', 'hello', 3_000), request('+4915100000001', messageText('raised', facts('chaos-00001', 0)), 500)],
      alerts,
    );
    expect(tally.unmatched).toHaveLength(3);
  });
});
