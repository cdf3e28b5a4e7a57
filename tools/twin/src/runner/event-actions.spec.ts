import { powerCutSpans, scheduleEvents } from './event-actions';

describe(scheduleEvents.name, () => {
  it('turns events into actions at absolute virtual times, in time order', () => {
    const actions = scheduleEvents(
      [
        { kind: 'wifi-down', atMs: 60_000, durationMs: 7_200_000 },
        { kind: 'power-cut', atMs: 30_000, durationMs: 60_000 },
        { kind: 'ingest-kill', atMs: 90_000 },
      ],
      1_000_000,
    );
    expect(actions.map((a) => [a.atMs - 1_000_000, a.label])).toEqual([
      [30_000, 'power cut'],
      [60_000, 'Wi-Fi down'],
      [90_000, 'power back'],
      [90_000, 'ingest SIGKILL'],
      [7_260_000, 'Wi-Fi up'],
    ]);
  });
});

describe(powerCutSpans.name, () => {
  it('lists the cuts that reach a device', () => {
    const events = [
      { kind: 'power-cut' as const, atMs: 10, durationMs: 5, devices: [1] },
      { kind: 'power-cut' as const, atMs: 100, durationMs: 50 },
      { kind: 'uno-reset' as const, atMs: 7 },
    ];
    expect(powerCutSpans(events, 1_000, 0)).toEqual([{ fromMs: 1_100, toMs: 1_150 }]);
    expect(powerCutSpans(events, 1_000, 1)).toEqual([
      { fromMs: 1_010, toMs: 1_015 },
      { fromMs: 1_100, toMs: 1_150 },
    ]);
  });
});
