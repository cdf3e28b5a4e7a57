import { parseTwinEvent } from './twin-event';

describe(parseTwinEvent.name, () => {
  it('reads the event name and its key=value fields', () => {
    expect(parseTwinEvent('#twin loop lines=12 ms=3004')).toEqual({ name: 'loop', fields: { lines: '12', ms: '3004' }, raw: '#twin loop lines=12 ms=3004' });
  });

  it('leaves the sketch\'s own output alone', () => {
    expect(parseTwinEvent('ok (reboot to apply)')).toBeNull();
    expect(parseTwinEvent('#twin ')).toBeNull();
  });
});
