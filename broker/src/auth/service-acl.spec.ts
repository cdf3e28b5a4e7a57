import { filterCovers, topicMatches } from './service-acl';

describe(topicMatches.name, () => {
  it('matches + on one level and # on the rest', () => {
    expect(topicMatches('energy/+/ack', 'energy/kitchen-1/ack')).toBe(true);
    expect(topicMatches('energy/+/ack', 'energy/kitchen-1/ack/x')).toBe(false);
    expect(topicMatches('energy/+/cmd/relay', 'energy/kitchen-1/cmd')).toBe(false);
    expect(topicMatches('energy/#', 'energy/kitchen-1/cmd/relay')).toBe(true);
  });
});

describe(filterCovers.name, () => {
  it('covers a filter only when every topic it can match is allowed', () => {
    expect(filterCovers('energy/#', 'energy/+/reading')).toBe(true);
    expect(filterCovers('svc/alert/+/+/reply', 'svc/alert/rules/create/reply')).toBe(true);
    expect(filterCovers('svc/alert/+/+', 'svc/alert/#')).toBe(false);
    expect(filterCovers('svc/alert/+/+', 'svc/alert/+/+/reply')).toBe(false);
    expect(filterCovers('svc/+/telemetry', 'svc/+/telemetry')).toBe(true);
    expect(filterCovers('svc/p01/telemetry', 'svc/+/telemetry')).toBe(false);
  });
});
