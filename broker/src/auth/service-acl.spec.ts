import { filterCovers, serviceSubscribeAllowed, servicePublishAllowed, topicMatches } from './service-acl';

describe(topicMatches.name, () => {
  it('matches + on one level and # on the rest', () => {
    expect(topicMatches('energy/+/ack', 'energy/kitchen-1/ack')).toBe(true);
    expect(topicMatches('energy/+/ack', 'energy/kitchen-1/ack/x')).toBe(false);
    expect(topicMatches('energy/+/cmd/relay', 'energy/kitchen-1/cmd')).toBe(false);
    expect(topicMatches('energy/#', 'energy/kitchen-1/cmd/relay')).toBe(true);
  });
});

/** The plain definition: split both into levels. */
function splitMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

describe(`${topicMatches.name} against the split-into-levels definition`, () => {
  it('agrees on every filter and topic built from a few levels, empty ones included', () => {
    const filterLevels = ['', 'a', 'ab', 'b', '+', '#'];
    const topicLevels = ['', 'a', 'ab', 'b', 'a+', 'x#'];
    const build = (levels: string[], depth: number): string[] => (depth === 0 ? [] : levels.flatMap((l) => [l, ...build(levels, depth - 1).map((rest) => `${l}/${rest}`)]));
    const filters = build(filterLevels, 3);
    const topicNames = build(topicLevels, 3);
    let compared = 0;
    for (const filter of filters) {
      for (const topic of topicNames) {
        if (topicMatches(filter, topic) !== splitMatches(filter, topic)) throw new Error(`${filter} vs ${topic}: ${topicMatches(filter, topic)}`);
        compared++;
      }
    }
    expect(compared).toBe(filters.length * topicNames.length);
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

describe('the analytics account (issue 18)', () => {
  it('publishes forecasts, findings, appliance runs and its replies to the gateway, and nothing a device or another service owns', () => {
    for (const topic of ['energy/kitchen-1/forecast', 'energy/_site/forecast', 'energy/kitchen-1/finding', 'energy/kitchen-1/appliance', 'svc/analytics/forecasts/get/reply']) {
      expect([topic, servicePublishAllowed('analytics', topic)]).toEqual([topic, true]);
    }
    for (const topic of ['energy/kitchen-1/ack', 'energy/kitchen-1/cmd/relay', 'energy/kitchen-1/alert', 'energy/kitchen-1/reading', 'svc/alert/rules/create/reply', 'svc/analytics/forecasts/get', 'svc/p01/telemetry']) {
      expect([topic, servicePublishAllowed('analytics', topic)]).toEqual([topic, false]);
    }
  });

  it('reads the telemetry stream and its own requests only; the gateway asks it and reads its replies', () => {
    expect(serviceSubscribeAllowed('analytics', 'svc/+/telemetry')).toBe(true);
    expect(serviceSubscribeAllowed('analytics', 'svc/analytics/forecasts/get')).toBe(true);
    expect(serviceSubscribeAllowed('analytics', 'energy/#')).toBe(false);
    expect(serviceSubscribeAllowed('analytics', 'svc/alert/+/+')).toBe(false);
    expect(servicePublishAllowed('gateway', 'svc/analytics/signatures/rename')).toBe(true);
    expect(serviceSubscribeAllowed('gateway', 'svc/analytics/signatures/rename/reply')).toBe(true);
    expect(servicePublishAllowed('gateway', 'energy/kitchen-1/finding')).toBe(false);
  });
});
