import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import {
  parseRelayRequest,
  parseRelayRequestTopic,
  RELAY_COMMAND_MAX_TTL_MS,
  relayCommandSchema,
  relayCommandVerdict,
  relayReportSchema,
  relayRequestTopic,
} from './relay';

const T = 1_780_000_000_000;

describe('relay command contract (issue 16: a command cannot act late)', () => {
  it('requires issued_at and expires_at', () => {
    expect(relayCommandSchema.safeParse({ state: 'off', cmd_id: 'c1' }).success).toBe(false);
    expect(relayCommandSchema.safeParse({ state: 'off', issued_at: T }).success).toBe(false);
    expect(relayCommandSchema.safeParse({ state: 'off', cmd_id: 'c1', issued_at: T, expires_at: T + 30_000 }).success).toBe(true);
  });

  it('refuses a window that ends before it starts, is longer than the maximum, or is not in UTC milliseconds', () => {
    expect(relayCommandSchema.safeParse({ state: 'on', issued_at: T, expires_at: T }).success).toBe(false);
    expect(relayCommandSchema.safeParse({ state: 'on', issued_at: T, expires_at: T + RELAY_COMMAND_MAX_TTL_MS + 1 }).success).toBe(false);
    expect(relayCommandSchema.safeParse({ state: 'on', issued_at: T, expires_at: T + RELAY_COMMAND_MAX_TTL_MS }).success).toBe(true);
    expect(relayCommandSchema.safeParse({ state: 'on', issued_at: T / 1000, expires_at: T / 1000 + 30 }).success).toBe(false);
    expect(relayCommandSchema.safeParse({ state: 'on', issued_at: new Date(T).toISOString(), expires_at: T + 1 }).success).toBe(false);
  });

  it('judges a command by the device clock: applied before expires_at, expired from it on, no_clock without a clock', () => {
    const c = { issued_at: T, expires_at: T + 30_000 };
    expect(relayCommandVerdict(c, T + 29_999)).toBe('applied');
    expect(relayCommandVerdict(c, T + 30_000)).toBe('expired');
    expect(relayCommandVerdict(c, T + 3 * 3_600_000)).toBe('expired');
    expect(relayCommandVerdict(c, null)).toBe('no_clock');
  });

  it('lets a report say what happened to the command, and nothing else', () => {
    expect(relayReportSchema.safeParse({ state: 'on', cmd_id: 'c1', result: 'expired' }).success).toBe(true);
    expect(relayReportSchema.safeParse({ state: 'on', cmd_id: 'c1', result: 'maybe' }).success).toBe(false);
    expect(relayReportSchema.safeParse({ state: 'on' }).success).toBe(true);
  });
});

describe('relay requests from third-party tools (issue 17)', () => {
  it('names the account and device in the topic', () => {
    expect(relayRequestTopic('home-assistant', 'kitchen-1')).toBe('svc/relay/home-assistant/kitchen-1/set');
    expect(parseRelayRequestTopic('svc/relay/home-assistant/kitchen-1/set')).toEqual({ account: 'home-assistant', deviceId: 'kitchen-1' });
    for (const bad of ['svc/relay/ha/kitchen-1', 'svc/relay/ha/Kitchen/set', 'svc/relay/+/kitchen-1/set', 'energy/kitchen-1/relay/set', 'svc/relay/ha/k/set/x']) {
      expect(parseRelayRequestTopic(bad)).toBeNull();
    }
  });

  it("takes Home Assistant's ON/OFF, on/off and {\"state\"}, and refuses anything else", () => {
    expect(parseRelayRequest('ON')).toBe('on');
    expect(parseRelayRequest('off')).toBe('off');
    expect(parseRelayRequest('{"state":"off"}')).toBe('off');
    for (const bad of ['', 'toggle', '{"state":"OFF"}', '{"state":"on","extra":1}', '1', '{"state":"on"']) expect(parseRelayRequest(bad)).toBeNull();
  });
});

describe('docs/asyncapi.yaml relay messages', () => {
  const doc = parse(readFileSync(join(__dirname, '..', '..', '..', 'docs', 'asyncapi.yaml'), 'utf8')) as { components: { messages: Record<string, { payload: object }> } };
  const ajv = new Ajv({ strict: false });

  it('describes the command and the report as the contract does', () => {
    const command = ajv.compile(doc.components.messages.relayCommand!.payload);
    const report = ajv.compile(doc.components.messages.relayState!.payload);
    const ok = { state: 'off', cmd_id: 'c1', issued_at: T, expires_at: T + 30_000 };
    expect([command(ok), relayCommandSchema.safeParse(ok).success]).toEqual([true, true]);
    for (const bad of [{ state: 'off', cmd_id: 'c1' }, { state: 'off', issued_at: T }, { ...ok, issued_at: 1.5 }, { ...ok, extra: 1 }]) {
      expect([command(bad), relayCommandSchema.safeParse(bad).success]).toEqual([false, false]);
    }
    for (const r of [{ state: 'on', cmd_id: 'c1', result: 'expired' }, { state: 'off', result: 'no_clock' }, { state: 'on' }]) expect([report(r), relayReportSchema.safeParse(r).success]).toEqual([true, true]);
    expect([report({ state: 'on', result: 'later' }), relayReportSchema.safeParse({ state: 'on', result: 'later' }).success]).toEqual([false, false]);
  });
});
