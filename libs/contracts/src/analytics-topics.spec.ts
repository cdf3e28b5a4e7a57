import { analyticsTopics, isValidDeviceId, parseTopic, SITE_ID } from './topics';

describe('analyticsTopics', () => {
  it('builds the analytics topics beside each device', () => {
    expect(analyticsTopics.forecast('kitchen-1')).toBe('energy/kitchen-1/forecast');
    expect(analyticsTopics.finding('kitchen-1')).toBe('energy/kitchen-1/finding');
    expect(analyticsTopics.appliance('kitchen-1')).toBe('energy/kitchen-1/appliance');
    expect(analyticsTopics.siteForecast).toBe('energy/_site/forecast');
  });

  it('parses a device\'s analytics topics as part of the tree', () => {
    expect(parseTopic(analyticsTopics.finding('kitchen-1'))).toEqual({ deviceId: 'kitchen-1', kind: 'finding' });
    expect(parseTopic(analyticsTopics.forecast('kitchen-1'))).toEqual({ deviceId: 'kitchen-1', kind: 'forecast' });
  });

  it('gives the site an id no device can have, so its forecast never lands on a device', () => {
    expect(isValidDeviceId(SITE_ID)).toBe(false);
    expect(parseTopic(analyticsTopics.siteForecast)).toBeNull();
  });
});
