import { AlertRulesStore, AlertsStore, DeliveriesStore, RelayCommandsStore, toAlertRecord, type NewRelayCommand } from '../src';
import { testDatabaseFactories, type TestDatabase } from '../src/testing/test-database';

const rule = {
  name: 'Heater above 2000 W',
  deviceId: 'heater-1',
  kind: 'power_above' as const,
  threshold: 2000,
  thresholdLow: null,
  clearThreshold: null,
  clearThresholdLow: null,
  holdSeconds: 0,
  repeatMinutes: 0,
  severity: 'critical' as const,
  recipients: ['+4915112345678'],
  shedLoad: true,
  shedWindowSeconds: null,
  enabled: true,
};

/** Issue 14: the alert service's tables, each behind one store in libs/db, on both dialects. */
describe.each(Object.entries(testDatabaseFactories))('alert stores: %s', (_dialect, create) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
  });
  afterAll(() => t.drop());

  const cut = (alertId: number, atMs: number): NewRelayCommand => ({
    cmdId: `alert-${alertId}-off`,
    deviceId: 'heater-1',
    alertId,
    state: 'off',
    reason: 'overload',
    atMs,
    expiresMs: atMs + 30_000,
    source: 'load_shed',
    requestedBy: null,
  });

  it('stores rules, updates and soft-deletes them; deleted rules are hidden but still counted', async () => {
    const rules = new AlertRulesStore(t.db);
    const created = await rules.insert(rule, 1_000);
    expect(created).toEqual({ ...rule, id: expect.any(Number), createdAt: 1_000, updatedAt: 1_000 });
    expect(await rules.update(created.id, { ...rule, threshold: 2500, enabled: false }, 2_000)).toMatchObject({ threshold: 2500, enabled: false, updatedAt: 2_000 });
    expect(await rules.listLive()).toHaveLength(1);
    expect(await rules.softDelete(created.id, 3_000)).toBe(true);
    expect(await rules.softDelete(created.id, 3_000)).toBe(false);
    expect(await rules.find(created.id)).toBeNull();
    expect(await rules.listLive()).toEqual([]);
    expect(await rules.countEver()).toBe(1);
  });

  it("derives an alert's loadShed from the relay commands sent for it, on every read", async () => {
    const alerts = new AlertsStore(t.db);
    const commands = new RelayCommandsStore(t.db);
    const raised = await alerts.insertActive(
      { ruleId: 1, deviceId: 'heater-1', kind: 'power_above', severity: 'critical', value: 2600, threshold: 2000, message: 'Heater above 2000 W' },
      { atMs: 10_000, value: 2600, reading: null },
    );
    expect(raised).toMatchObject({ state: 'active', raisedMs: 10_000, lastNotifiedMs: 10_000, loadShed: null });
    expect(await alerts.insertActive({ ruleId: 1, deviceId: 'heater-1', kind: 'power_above', severity: 'critical', value: 1, threshold: 2000, message: 'again' }, { atMs: 11_000, value: 1, reading: null })).toBeNull();

    const off = await commands.insert(cut(raised!.id, 10_000));
    expect((await alerts.find(raised!.id))!.loadShed).toBe('requested');
    await commands.setStatus(off.id, 'confirmed', 12_000);
    expect((await alerts.listOpen()).map((a) => a.loadShed)).toEqual(['confirmed']);
    const on = await commands.insert({ ...cut(raised!.id, 13_000), cmdId: `alert-${raised!.id}-on`, state: 'on', source: 'shed_window' });
    await commands.setStatus(off.id, 'restored', 13_000);
    expect((await alerts.find(raised!.id))!.loadShed).toBe('confirmed');
    await commands.setStatus(on.id, 'confirmed', 14_000);
    expect((await alerts.list({ deviceId: 'heater-1', limit: 10 })).map(toAlertRecord)).toEqual([expect.objectContaining({ id: raised!.id, loadShed: 'restored', raisedAt: 10_000 })]);
    expect(await commands.latestForAlert(raised!.id)).toMatchObject({ cmdId: `alert-${raised!.id}-on`, status: 'confirmed', confirmedMs: 14_000 });
  });

  it('moves alerts through acknowledged and cleared, and lists the severities of those still open', async () => {
    const alerts = new AlertsStore(t.db);
    const open = await alerts.insertActive({ ruleId: 2, deviceId: 'lamp-1', kind: 'power_below', severity: 'warning', value: 1, threshold: 5, message: 'Lamp below 5 W' }, { atMs: 20_000, value: 1, reading: null });
    expect(await alerts.transition(open!.id, ['active'], 'acknowledged', { atMs: 21_000, value: 1, reading: null, by: 'admin' })).toMatchObject({ state: 'acknowledged', acknowledgedMs: 21_000 });
    expect(await alerts.transition(open!.id, ['active'], 'acknowledged', { atMs: 22_000, value: 1, reading: null })).toBeNull();
    expect((await alerts.openSeverities(['lamp-1', 'heater-1', 'fan-1'])).sort((a, b) => a.deviceId.localeCompare(b.deviceId))).toEqual([
      { deviceId: 'heater-1', severity: 'critical' },
      { deviceId: 'lamp-1', severity: 'warning' },
    ]);
    expect(await alerts.transition(open!.id, ['active', 'acknowledged'], 'cleared', { atMs: 23_000, value: 9, reading: null, note: 'back' })).toMatchObject({ state: 'cleared', clearedMs: 23_000 });
    expect(await alerts.openSeverities(['lamp-1'])).toEqual([]);
    expect((await alerts.list({ state: 'cleared', limit: 10 })).map((a) => a.id)).toEqual([open!.id]);
  });

  it('records delivery attempts and reads them back per alert, in order', async () => {
    const deliveries = new DeliveriesStore(t.db);
    const attempt = { event: 'raised', channel: 'callmebot', recipient: '+4915112345678', httpStatus: 503, error: 'HTTP 503', startedMs: 30_000, durationMs: 12.4 };
    await deliveries.record({ ...attempt, alertId: 1, attempt: 1, outcome: 'retrying' });
    await deliveries.record({ ...attempt, alertId: 2, attempt: 1, outcome: 'sent', httpStatus: 200, error: null });
    await deliveries.record({ ...attempt, alertId: 1, attempt: 2, outcome: 'failed' });
    expect((await deliveries.forAlerts([1])).map((d) => `${d.alertId}:${d.attempt}:${d.outcome}:${d.durationMs}`)).toEqual(['1:1:retrying:12', '1:2:failed:12']);
    expect(await deliveries.forAlerts([])).toEqual([]);
  });
});
