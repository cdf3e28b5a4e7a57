import { ANALYTICS_REQUESTS_FILTER, AnalyticsTopicKind, analyticsPatterns, filters, RELAY_REQUEST_FILTER, servicePatterns, TELEMETRY_BATCH_FILTER, TopicKind } from '@energy/contracts';
import type { ServiceAccount } from '../config/env';

/**
 * What each service account may publish and subscribe to, and nothing more (issue 16): a compromised
 * gateway must not forge acks (devices would delete readings that were never stored), relay commands
 * or the alert service's replies. Publishing is where the harm is, so it is exact; the ingest, alert
 * and gateway may read `energy/#` as an observer may, the analytics service only the telemetry stream,
 * and each only its own part of `svc/`.
 */
// Topic level wildcards as char codes (topicMatches, which the checks below already call at load).
const PLUS = 0x2b;
const HASH = 0x23;

const perDevice = (kind: TopicKind | AnalyticsTopicKind) => `energy/+/${kind}`;
/** `svc/alert/{noun}/{verb}`: the gateway's requests to the alert service (NestJS MessagePattern). */
const ALERT_REQUESTS = 'svc/alert/+/+';
/** NestJS answers a request on `{pattern}/reply`. */
const ALERT_REPLIES = `${ALERT_REQUESTS}/reply`;
/** `svc/analytics/{noun}/{verb}`: the gateway's requests to the analytics service, and its replies. */
const ANALYTICS_REQUESTS = ANALYTICS_REQUESTS_FILTER;
const ANALYTICS_REPLIES = `${ANALYTICS_REQUESTS}/reply`;

export const SERVICE_ACL: Record<ServiceAccount, { publish: readonly string[]; subscribe: readonly string[] }> = {
  ingest: {
    publish: [perDevice(TopicKind.ack), perDevice(TopicKind.telemetry), perDevice(TopicKind.rejected), TELEMETRY_BATCH_FILTER],
    subscribe: [filters.everything],
  },
  alert: {
    publish: [perDevice(TopicKind.alert), perDevice(TopicKind.relayCommand), ALERT_REPLIES],
    // RELAY_REQUEST_FILTER: manual relay requests of third-party tools (svc/relay/{account}/{device}/set, issue 17).
    subscribe: [filters.everything, TELEMETRY_BATCH_FILTER, ALERT_REQUESTS, RELAY_REQUEST_FILTER],
  },
  gateway: {
    // Readings from HTTP-only devices (POST /api/update-dht-data), and requests to the alert and analytics services.
    publish: [perDevice(TopicKind.reading), ALERT_REQUESTS, ANALYTICS_REQUESTS],
    subscribe: [filters.everything, TELEMETRY_BATCH_FILTER, ALERT_REPLIES, ANALYTICS_REPLIES],
  },
  analytics: {
    // Forecasts (retained, also energy/_site/forecast), findings for the alert service, appliance
    // runs, and its answers to the gateway. It reads only the telemetry stream and the requests:
    // its history comes from the database.
    publish: [perDevice(AnalyticsTopicKind.forecast), perDevice(AnalyticsTopicKind.finding), perDevice(AnalyticsTopicKind.appliance), ANALYTICS_REPLIES],
    subscribe: [TELEMETRY_BATCH_FILTER, ANALYTICS_REQUESTS],
  },
};

// The request patterns are what ALERT_REQUESTS stands for; a new one of another shape needs a rule here.
for (const pattern of Object.values(servicePatterns)) {
  if (!topicMatches(ALERT_REQUESTS, pattern)) throw new Error(`service ACL: ${pattern} is not covered by ${ALERT_REQUESTS}`);
}
for (const pattern of Object.values(analyticsPatterns)) {
  if (!topicMatches(ANALYTICS_REQUESTS, pattern)) throw new Error(`service ACL: ${pattern} is not covered by ${ANALYTICS_REQUESTS}`);
}

/**
 * MQTT matching of a topic name against a filter with `+` and `#`. Level by level in place, without
 * splitting either: it runs for every message a service publishes for many devices (the ingest's acks).
 */
export function topicMatches(filter: string, topic: string): boolean {
  let fromF = 0; // start of the filter's current level
  let fromT = 0; // start of the topic's current level; past its end once the topic has no more levels
  for (;;) {
    const endF = levelEnd(filter, fromF);
    const oneChar = endF - fromF === 1;
    if (oneChar && filter.charCodeAt(fromF) === HASH) return true;
    if (fromT > topic.length) return false;
    const endT = levelEnd(topic, fromT);
    if (!(oneChar && filter.charCodeAt(fromF) === PLUS) && !sameLevel(filter, fromF, endF, topic, fromT, endT)) return false;
    if (endF === filter.length) return endT === topic.length;
    fromF = endF + 1;
    fromT = endT + 1;
  }
}

function levelEnd(s: string, from: number): number {
  const slash = s.indexOf('/', from);
  return slash === -1 ? s.length : slash;
}

function sameLevel(a: string, fromA: number, endA: number, b: string, fromB: number, endB: number): boolean {
  if (endA - fromA !== endB - fromB) return false;
  for (let k = 0; k < endA - fromA; k++) if (a.charCodeAt(fromA + k) !== b.charCodeAt(fromB + k)) return false;
  return true;
}

/** Whether every topic `requested` can match is also matched by `allowed` (both filters). */
export function filterCovers(allowed: string, requested: string): boolean {
  const a = allowed.split('/');
  const r = requested.split('/');
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '#') return true;
    if (i >= r.length) return false;
    if (r[i] === '#') return false;
    if (a[i] === '+') continue;
    if (r[i] === '+' || a[i] !== r[i]) return false;
  }
  return a.length === r.length;
}

export const servicePublishAllowed = (service: ServiceAccount, topic: string): boolean => SERVICE_ACL[service].publish.some((filter) => topicMatches(filter, topic));
export const serviceSubscribeAllowed = (service: ServiceAccount, filter: string): boolean => SERVICE_ACL[service].subscribe.some((allowed) => filterCovers(allowed, filter));
