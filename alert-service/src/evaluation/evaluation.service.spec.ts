import type { AlertRule, AlertRuleInput, Telemetry } from '@energy/contracts';
import type { AlertRow, AlertRulesStore, AlertsStore, TransitionFacts } from '@energy/db';
import { createLogger, ManualClock } from '@energy/service-kit';
import { Registry } from 'prom-client';
import type { AlertEventsPublisher } from '../alerts/alert-events.publisher';
import { AlertsService } from '../alerts/alerts.service';
import { loadAlertConfig } from '../config/env';
import type { DeviceNames } from '../devices/device-names';
import { AlertMetrics } from '../observability/metrics';
import type { NotificationJob, NotificationService } from '../notifications/notification.service';
import { RulesService, validateRule } from '../rules/rules.service';
import type { DailyEnergyRepository } from './daily-energy.repository';
import { DeviceQueue } from '../shared/device-queue';
import { EvaluationService } from './evaluation.service';

/** The alerts table, in memory, with the same one-open-alert-per-rule-and-device rule. */
class InMemoryAlerts {
  rows: AlertRow[] = [];
  transitions: Array<{ alertId: number; state: string; reading: Telemetry | null }> = [];
  async find(id: number) {
    return this.rows.find((r) => r.id === id) ?? null;
  }
  async listOpen() {
    return this.rows.filter((r) => r.state !== 'cleared');
  }
  async insertActive(a: Omit<AlertRow, 'id' | 'state' | 'raisedMs' | 'acknowledgedMs' | 'clearedMs' | 'lastNotifiedMs' | 'loadShed'>, t: TransitionFacts) {
    if (this.rows.some((r) => r.ruleId === a.ruleId && r.deviceId === a.deviceId && r.state !== 'cleared')) return null;
    const row: AlertRow = { ...a, id: this.rows.length + 1, state: 'active', raisedMs: t.atMs, acknowledgedMs: null, clearedMs: null, lastNotifiedMs: t.atMs, loadShed: null };
    this.rows.push(row);
    this.transitions.push({ alertId: row.id, state: 'active', reading: t.reading });
    return { ...row };
  }
  async transition(id: number, from: string[], state: 'acknowledged' | 'cleared', t: TransitionFacts) {
    const row = this.rows.find((r) => r.id === id);
    if (!row || !from.includes(row.state)) return null;
    row.state = state;
    if (state === 'cleared') row.clearedMs = t.atMs;
    else row.acknowledgedMs = t.atMs;
    this.transitions.push({ alertId: id, state, reading: t.reading });
    return { ...row };
  }
  async setLastNotified(id: number, atMs: number) {
    this.rows.find((r) => r.id === id)!.lastNotifiedMs = atMs;
  }
}

class InMemoryRules {
  rules: AlertRule[] = [];
  async countEver() {
    return this.rules.length;
  }
  async listLive() {
    return this.rules;
  }
  async find(id: number) {
    return this.rules.find((r) => r.id === id) ?? null;
  }
  async insert(settings: ReturnType<typeof validateRule>, now: number) {
    const rule = { ...settings, id: this.rules.length + 1, createdAt: now, updatedAt: now };
    this.rules.push(rule);
    return rule;
  }
}

function setup(rules: AlertRuleInput[] = []) {
  const clock = new ManualClock(Date.UTC(2025, 10, 27, 7, 0, 0));
  const config = loadAlertConfig({ MQTT_URL: 'mqtt://127.0.0.1:1', EVALUATION_TICK_MS: '3600000', RULES_REFRESH_MS: '3600000' });
  const logger = createLogger('alert-test', 'silent');
  const rulesRepo = new InMemoryRules();
  for (const r of rules) void rulesRepo.insert(validateRule(r), clock.now());
  const alertsRepo = new InMemoryAlerts();
  const sent: NotificationJob[] = [];
  const notifications = { notify: (job: NotificationJob) => sent.push(job) } as unknown as NotificationService;
  const published: AlertRow[] = [];
  const events = { publish: (a: AlertRow) => published.push({ ...a }) } as unknown as AlertEventsPublisher;
  const names = { nameOf: async (id: string) => (id === 'kitchen-1' ? 'Kitchen' : id), knownDeviceIds: async () => [] } as unknown as DeviceNames;
  const queue = new DeviceQueue((_d, err) => {
    throw err;
  });
  const metrics = new AlertMetrics(new Registry());
  const rulesService = new RulesService(rulesRepo as unknown as AlertRulesStore, config, clock, logger);
  const alerts = new AlertsService(alertsRepo as unknown as AlertsStore, events, notifications, rulesService, names, queue, metrics, config, clock, logger);
  const energy = { energyWh: jest.fn(async () => 0) };
  const evaluation = new EvaluationService(rulesService, alerts, queue, energy as unknown as DailyEnergyRepository, names, metrics, config, clock, logger);

  const reading = (deviceId: string, powerW: number, extra: Partial<Telemetry> = {}): Telemetry => ({
    device_id: deviceId,
    seq: null,
    ts: clock.now(),
    ts_source: 'device',
    voltage_v: 230,
    current_a: powerW / 230,
    power_w: powerW,
    power_kind: 'real',
    apparent_power_va: powerW,
    power_factor: 1,
    energy_wh: null,
    ...extra,
  });
  /** One reading per second of the controlled clock. */
  const feed = async (deviceId: string, powers: number[]) => {
    for (const p of powers) {
      evaluation.onTelemetry(reading(deviceId, p));
      await queue.drain();
      clock.advance(1_000);
    }
  };
  const init = async () => {
    await rulesService.onModuleInit();
    await alerts.onModuleInit();
    rulesService.onApplicationShutdown();
  };
  return { clock, evaluation, alerts, alertsRepo, sent, published, feed, reading, queue, init, energy, rulesService };
}

describe(EvaluationService.name, () => {
  it('sends exactly one message for 30 s above 500 W, after the 10 s hold', async () => {
    const s = setup();
    await s.init(); // no rules yet: the default 500 W rule is created
    await s.feed('kitchen-1', Array(30).fill(520));
    expect(s.sent).toHaveLength(1);
    expect(s.sent[0]!.event).toBe('raised');
    expect(s.sent[0]!.text).toBe(
      '⚠️ Power Alert! Load is consuming 520W which exceeds safety limit.\nDevice: Kitchen (kitchen-1)\nLimit: 500W\nTime: 2025-11-27 07:00:10 (UTC)',
    );
    expect(s.alertsRepo.rows).toHaveLength(1);
    expect(s.alertsRepo.transitions[0]!.reading).toMatchObject({ power_w: 520, ts: Date.UTC(2025, 10, 27, 7, 0, 10) });
  });

  it('ignores an inrush spike of 2 s', async () => {
    const s = setup();
    await s.init();
    await s.feed('kitchen-1', [120, 1800, 1750, 130, 125, ...Array(20).fill(120)]);
    expect(s.sent).toHaveLength(0);
  });

  it('does not flap when power oscillates around the limit, before or after raising', async () => {
    const s = setup();
    await s.init();
    await s.feed('kitchen-1', Array.from({ length: 60 }, (_, i) => (i % 2 ? 520 : 480)));
    expect(s.sent).toHaveLength(0);
    await s.feed('kitchen-1', Array(11).fill(530));
    await s.feed('kitchen-1', Array.from({ length: 60 }, (_, i) => (i % 2 ? 540 : 460)));
    expect(s.sent.map((j) => j.event)).toEqual(['raised']);
    await s.feed('kitchen-1', [440, 430, 520]);
    expect(s.sent.map((j) => j.event)).toEqual(['raised', 'cleared']);
  });

  it('never raises twice for two readings a millisecond apart', async () => {
    const s = setup([{ name: 'instant', kind: 'power_above', threshold: 500, holdSeconds: 0 }]);
    await s.init();
    s.evaluation.onTelemetry(s.reading('d1', 900));
    s.evaluation.onTelemetry(s.reading('d1', 901, { ts: s.clock.now() + 1 }));
    await s.queue.drain();
    expect(s.sent).toHaveLength(1);
    expect(s.alertsRepo.rows).toHaveLength(1);
  });

  it('sends reminders at the repeat interval until acknowledged, then the clear message once', async () => {
    const s = setup([{ name: 'remind', kind: 'power_above', threshold: 500, holdSeconds: 0, repeatMinutes: 5 }]);
    await s.init();
    await s.feed('d1', [600]);
    s.clock.advance(4 * 60_000);
    await s.evaluation.tick();
    expect(s.sent.map((j) => j.event)).toEqual(['raised']);
    s.clock.advance(61_000);
    await s.evaluation.tick();
    await s.evaluation.tick();
    expect(s.sent.map((j) => j.event)).toEqual(['raised', 'reminder']);
    await s.alerts.acknowledge(1, 'tester');
    s.clock.advance(10 * 60_000);
    await s.evaluation.tick();
    await s.feed('d1', [100, 100, 100]);
    expect(s.sent.map((j) => j.event)).toEqual(['raised', 'reminder', 'cleared']);
    expect(s.alertsRepo.transitions.map((t) => t.state)).toEqual(['active', 'acknowledged', 'cleared']);
  });

  it('raises offline after the silence threshold, and clears on the next reading', async () => {
    const s = setup([{ name: 'offline', kind: 'offline', threshold: 30, holdSeconds: 0 }]);
    await s.init();
    await s.feed('d1', [100]);
    s.clock.advance(28_000);
    await s.evaluation.tick();
    expect(s.sent).toHaveLength(0);
    s.clock.advance(2_000);
    await s.evaluation.tick();
    await s.evaluation.tick();
    expect(s.sent.map((j) => j.event)).toEqual(['raised']);
    expect(s.sent[0]!.text).toContain('No reading for 31 s');
    await s.feed('d1', [100]);
    expect(s.sent.map((j) => j.event)).toEqual(['raised', 'cleared']);
  });

  it('raises offline at once when the device reports itself offline', async () => {
    const s = setup([{ name: 'offline', kind: 'offline', threshold: 300, holdSeconds: 0 }]);
    await s.init();
    await s.feed('d1', [100]);
    s.evaluation.onStatus('d1', 'offline');
    await s.queue.drain();
    expect(s.sent.map((j) => j.event)).toEqual(['raised']);
  });

  it('evaluates voltage bands with hysteresis, and current and low-power limits', async () => {
    const s = setup([
      { name: 'volts', kind: 'voltage_outside', threshold: 253, thresholdLow: 207, holdSeconds: 2 },
      { name: 'amps', kind: 'current_above', threshold: 10, holdSeconds: 0 },
      { name: 'idle', kind: 'power_below', threshold: 5, holdSeconds: 0, deviceId: 'fridge' },
    ]);
    await s.init();
    for (const v of [230, 260, 261, 262, 250, 247]) {
      s.evaluation.onTelemetry(s.reading('d1', 100, { voltage_v: v }));
      await s.queue.drain();
      s.clock.advance(1_000);
    }
    expect(s.sent.map((j) => j.text.split('\n')[0])).toEqual(['⚠️ Voltage Alert! Supply is at 262V, outside the safe band of 207–253V.', '✅ Voltage alert cleared. Supply is now 247V.']);
    await s.feed('d1', [2500]);
    await s.feed('fridge', [2]);
    await s.feed('d1', [1]); // the idle rule is the fridge's only
    expect(s.sent.slice(2).map((j) => j.text.split('\n')[0])).toEqual([
      '⚠️ Current Alert! Load is drawing 10.87A which exceeds the 10A limit.',
      '⚠️ Low Power Alert! Load is consuming 2W which is below the 5W limit.',
      '✅ Current alert cleared. Load is now drawing 0A (limit 10A).',
    ]);
  });

  it('checks the daily energy budget against the day rollup', async () => {
    const s = setup([{ name: 'budget', kind: 'daily_energy_above', threshold: 5_000, holdSeconds: 0 }]);
    await s.init();
    await s.feed('d1', [100]);
    s.energy.energyWh.mockResolvedValue(5_200);
    await s.evaluation.checkDailyEnergy();
    expect(s.energy.energyWh).toHaveBeenCalledWith('d1', '2025-11-27');
    expect(s.sent[0]!.text).toContain("Today's consumption is 5.20 kWh which exceeds the 5.00 kWh budget.");
  });

  it('does not evaluate a replayed backlog as a live overload', async () => {
    const s = setup([{ name: 'instant', kind: 'power_above', threshold: 500, holdSeconds: 0 }]);
    await s.init();
    s.evaluation.onTelemetry(s.reading('d1', 900, { ts: s.clock.now() - 3_600_000 }));
    await s.queue.drain();
    expect(s.sent).toHaveLength(0);
  });

  it('does not send again after a restart while the alert is open', async () => {
    const s = setup([{ name: 'instant', kind: 'power_above', threshold: 500, holdSeconds: 0 }]);
    await s.init();
    await s.feed('d1', [900]);
    // A new service instance over the same store.
    const again = setup([{ name: 'instant', kind: 'power_above', threshold: 500, holdSeconds: 0 }]);
    Object.assign(again.alertsRepo, { rows: s.alertsRepo.rows });
    await again.init();
    await again.feed('d1', [900, 900, 900]);
    expect(again.sent).toHaveLength(0);
  });
});
