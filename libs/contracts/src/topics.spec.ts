import { filters, isValidDeviceId, parseTopic, topics } from './topics';

describe('topics', () => {
  it('builds every per-device topic under energy/{deviceId}', () => {
    expect(Object.values(topics).map((t) => t('kitchen-1'))).toEqual([
      'energy/kitchen-1/reading',
      'energy/kitchen-1/status',
      'energy/kitchen-1/ack',
      'energy/kitchen-1/telemetry',
      'energy/kitchen-1/rejected',
      'energy/kitchen-1/alert',
      'energy/kitchen-1/cmd/relay',
      'energy/kitchen-1/relay',
      'energy/kitchen-1/state',
    ]);
    expect(filters.allReadings).toBe('energy/+/reading');
  });

  it.each([
    ['energy/kitchen-1/reading', { deviceId: 'kitchen-1', kind: 'reading' }],
    ['energy/garage_2/cmd/relay', { deviceId: 'garage_2', kind: 'cmd/relay' }],
    ['energy/garage_2/state', { deviceId: 'garage_2', kind: 'state' }],
    ['energy/garage_2/relay/set', null],
    ['energy/Kitchen/reading', null],
    ['energy/+/reading', null],
    ['energy/kitchen-1/unknown', null],
    ['other/kitchen-1/reading', null],
    ['energy//reading', null],
  ])('parses %s', (topic, expected) => {
    expect(parseTopic(topic)).toEqual(expected);
  });

  it.each([
    ['a', true],
    ['0-meter_x', true],
    ['a'.repeat(64), true],
    ['a'.repeat(65), false],
    ['-lead', false],
    ['UPPER', false],
    ['sp ace', false],
    ['', false],
  ])('device id %s valid: %s', (id, valid) => {
    expect(isValidDeviceId(id)).toBe(valid);
  });
});
