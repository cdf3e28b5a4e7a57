import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertRuleInput } from '@energy/contracts';
import type { Logger } from '@energy/service-kit';
import type { LogSink } from '@energy/stack';
import { ClockFile } from '../clock/clock-file';
import { Pacer } from '../clock/pacer';
import { VirtualClock } from '../clock/virtual-clock';
import { chooseVirtualStart } from '../clock/virtual-start';
import { buildDeviceProfile } from '../meter/device-profile';
import { buildEsp32Host, ESP32_HOST_BINARY } from '../meter/firmware-build';
import { createMeter } from '../meter/meter-factory';
import type { ScenarioResult } from '../report/scenario-result';
import { minimumDurationMs, STANDARD_RULE, type MeterModel, type Scenario } from '../scenario';
import { StoredData } from '../system/stored-data';
import { TwinSystem, type DatabaseKind } from '../system/twin-system';
import { DeviceTwin, type PendingLine } from './device-twin';
import { powerCutSpans, scheduleEvents, type ActionContext, type ScheduledAction } from './event-actions';
import { virtualProgress } from './progress-text';
import { verify, type StoredEnergy } from './verify';

export interface RunOptions {
  scenario: Scenario;
  devices?: number;
  durationMs?: number;
  seed?: number;
  database?: DatabaseKind;
  timeZone?: string;
  /** Virtual ms per wall ms; default the scenario's, else DEFAULT_SPEED. */
  speed?: number;
  meter?: MeterModel;
  /** Keep the work directory (ESP32 flash, clock file) and the database afterwards. */
  keep?: boolean;
  logger: Logger;
  /** Every service's and ESP32's output line (the CLI prints warnings, tests keep them for a failure). */
  serviceLog?: LogSink;
  progress?: (text: string) => void;
}

/**
 * The pace when nothing asks for another: a minute of device time per two wall seconds. The ESP32's
 * timers run in virtual time (ack timeout 10 s, keepalive 15 s) against services that answer in real
 * time (an ingest batch commits within ~100-200 ms), so the pace must leave them room.
 */
export const DEFAULT_SPEED = 30;
/** Largest clock step while lines are flowing: the ESP32's loop sees time move smoothly. */
const MAX_STEP_MS = 100;
/** How long to wait for a sketch to take a UART line before moving on (and counting it). */
const LINE_TAKE_TIMEOUT_MS = 2_000;
/** The end: how long the readings may take to be stored once the meters are quiet. */
const DRAIN_STALL_MS = 60_000;
const DRAIN_MAX_MS = 10 * 60_000;
/** Time after the drain for the alert service to act on the last telemetry. */
const ALERT_SETTLE_MS = 3_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const yieldToIo = () => new Promise((resolve) => setImmediate(resolve));

/** Runs one scenario end to end and judges it. */
export async function runScenario(o: RunOptions): Promise<ScenarioResult> {
  const s = o.scenario;
  const log = o.logger.child({ scenario: s.name });
  const meterModel = o.meter ?? s.meter;
  const deviceCount = o.devices ?? s.devices;
  const durationMs = o.durationMs ?? s.durationMs;
  const needed = minimumDurationMs(s);
  if (durationMs < needed) throw new Error(`${s.name} needs at least ${Math.ceil(needed / 60_000)} virtual minutes for its events`);
  const database: DatabaseKind = s.database ?? o.database ?? 'sqlite';
  const timeZone = o.timeZone ?? 'Europe/Berlin';
  const baseSpeed = o.speed ?? s.speed ?? DEFAULT_SPEED;
  const seed = o.seed ?? 1;
  const rule: AlertRuleInput | null = s.alertRule === undefined ? STANDARD_RULE : s.alertRule;
  const wallStart = Date.now();
  const problems: string[] = [];
  const notes: string[] = [];
  const recentLogs: string[] = [];
  const keepLog = (service: string, line: string) => {
    recentLogs.push(`[${service}] ${line}`);
    if (recentLogs.length > 300) recentLogs.shift();
    o.serviceLog?.(service, line);
  };

  log.info({ meter: meterModel, devices: deviceCount, virtualMin: Math.round(durationMs / 60_000), database, timeZone, speed: baseSpeed }, 'building firmware');
  await buildEsp32Host();

  const workDir = mkdtempSync(join(tmpdir(), `twin-${s.name}-`));
  // The virtual run, its drain and a margin all lie before the real clock and inside the accepted age.
  const startMs = chooseVirtualStart({ realNowMs: Date.now(), durationMs, midnightAtMs: s.midnightAtMs ?? Math.round(durationMs / 2), timeZone, safetyMs: 6 * 3_600_000 });
  const endMs = startMs + durationMs;
  const clock = new VirtualClock(startMs);
  const clockFile = ClockFile.create(join(workDir, 'clock'), startMs);
  const ids = Array.from({ length: deviceCount }, (_, i) => `twin-${String(i + 1).padStart(2, '0')}`);
  log.info({ virtualStart: new Date(startMs).toISOString(), workDir }, 'starting the system');

  let system: TwinSystem;
  try {
    system = await TwinSystem.start({ database, timeZone, deviceIds: ids, alertRule: rule, workDir, logSink: keepLog, logLevel: 'warn', speed: baseSpeed });
  } catch (err) {
    clockFile.close();
    rmSync(workDir, { recursive: true, force: true });
    throw err;
  }
  const devices: DeviceTwin[] = [];
  const background = new Set<Promise<void>>();
  try {
    const settings = (id: string) => ({
      device_id: id,
      secret: system.secrets[id]!,
      wifi_ssid: 'twin',
      wifi_password: 'twin-wifi',
      mqtt_host: '127.0.0.1',
      mqtt_port: String(system.mqttPort),
      mqtt_tls: '0',
    });
    for (const [i, id] of ids.entries()) {
      const profile = buildDeviceProfile(startMs, s.loads(i, durationMs), powerCutSpans(s.events, startMs, i), seed * 1_000 + i);
      const meter = createMeter(meterModel, profile, startMs);
      const device = new DeviceTwin(i, id, profile, meter, { timeZone, workDir, clockFile: clockFile.path, esp32Binary: ESP32_HOST_BINARY, settings: settings(id), log: (line) => keepLog('esp32', line) });
      device.ledger.unoStarted(startMs); // the meter powers up as it is created
      devices.push(device);
    }
    for (const d of devices) await d.esp32On(startMs);

    // --- the run: meters, UART and the clock in lock-step, events at their virtual times ---
    const pacer = new Pacer(baseSpeed, startMs);
    const overrides = new Map<string, number>();
    const ctx: ActionContext = {
      devices,
      system,
      nowMs: () => clock.nowMs,
      setSpeedOverride: (key, speed) => {
        if (speed === null) overrides.delete(key);
        else overrides.set(key, speed);
        pacer.setSpeed(overrides.size ? Math.min(...overrides.values()) : baseSpeed, clock.nowMs);
      },
      background: (label, work) => {
        const p: Promise<void> = work()
          .catch((err: Error) => {
            problems.push(`${label} failed: ${err.message.split('\n')[0]}`);
          })
          .finally(() => background.delete(p));
        background.add(p);
      },
      log,
    };
    const actions: ScheduledAction[] = scheduleEvents(s.events, startMs);
    const advance = (ms: number) => {
      clock.advanceTo(ms);
      clockFile.write(clock.nowMs);
    };
    let lastProgress = 0;
    const showProgress = (force = false) => {
      if (!o.progress || (!force && Date.now() - lastProgress < 500)) return;
      lastProgress = Date.now();
      const lines = devices.reduce((n, d) => n + d.ledger.lines.length, 0);
      o.progress(`${s.name} ${virtualProgress(clock.elapsedMs, durationMs)} ×${pacer.speed} | lines ${lines.toLocaleString('en')} | on the bus ${system.monitor.readings.length.toLocaleString('en')} | acks ${system.monitor.acks.length.toLocaleString('en')}`);
    };

    while (clock.nowMs < endMs) {
      const nextAction = actions[0]?.atMs ?? Infinity;
      const hardStop = Math.min(nextAction, endMs);
      const blackout = devices.every((d) => d.dark);
      const target = Math.floor(blackout ? hardStop : Math.min(hardStop, pacer.target(clock.nowMs), clock.nowMs + MAX_STEP_MS));
      if (target > clock.nowMs) {
        await Promise.all(devices.map((d) => d.meter.runUntil(target)));
        const due: PendingLine[] = [];
        for (const d of devices) {
          while (d.pending.length > 0 && d.pending[0]!.endMs <= target) due.push(d.pending.shift()!);
        }
        due.sort((a, b) => a.endMs - b.endMs);
        for (const line of due) {
          advance(line.endMs);
          await line.device.deliver(line, clock.nowMs, LINE_TAKE_TIMEOUT_MS);
        }
        advance(target);
        if (blackout) pacer.reanchor(clock.nowMs);
      }
      while (actions.length > 0 && actions[0]!.atMs <= clock.nowMs) {
        const action = actions.shift()!;
        log.info({ at: new Date(clock.nowMs).toISOString(), elapsedMin: +(clock.elapsedMs / 60_000).toFixed(2) }, action.label);
        await action.run(ctx);
      }
      showProgress();
      if (target <= clock.nowMs && clock.nowMs < endMs && pacer.target(clock.nowMs) <= clock.nowMs + 1) await sleep(Math.max(1, Math.min(20, pacer.wallMsUntil(clock.nowMs + MAX_STEP_MS, clock.nowMs))));
      else await yieldToIo();
    }
    showProgress(true);
    await Promise.all([...background]);

    // --- the end: the meters go quiet, the ESP32s deliver what they hold, then everything is read back ---
    const owed = new Map(devices.map((d) => [d.id, d.ledger.receivedLines.length]));
    log.info({ owed: [...owed.values()].reduce((a, b) => a + b, 0) }, 'run over: draining');
    const stored = new StoredData(system.db);
    const drainStart = Date.now();
    let lastCounts = '';
    let lastChange = Date.now();
    for (;;) {
      const counts = await stored.countByDevice(ids);
      const done = ids.every((id) => (counts.get(id) ?? 0) >= owed.get(id)!);
      const key = JSON.stringify([...counts]);
      if (key !== lastCounts) {
        lastCounts = key;
        lastChange = Date.now();
      }
      if (done) break;
      if (Date.now() - lastChange > DRAIN_STALL_MS || Date.now() - drainStart > DRAIN_MAX_MS) {
        problems.push(`drain: stored ${ids.map((id) => `${id} ${counts.get(id) ?? 0}/${owed.get(id)}`).join(', ')} after ${Math.round((Date.now() - drainStart) / 1000)} s`);
        break;
      }
      // The ESP32s keep their timers running (re-sends after an ack timeout), the meters stay quiet.
      const until = Date.now() + 1_000;
      while (Date.now() < until) {
        advance(Math.min(pacer.target(clock.nowMs), clock.nowMs + MAX_STEP_MS));
        await sleep(10);
      }
    }
    await sleep(ALERT_SETTLE_MS);
    for (const d of devices) await d.esp32Off();

    for (const d of devices) {
      for (const e of d.esp32.exits.filter((x) => !x.expected)) problems.push(`${d.id}: the ESP32 sketch exited by itself (code ${e.code}, signal ${e.signal})`);
      if (d.unconfirmedLines > 0) notes.push(`${d.id}: ${d.unconfirmedLines} UART lines not confirmed taken within ${LINE_TAKE_TIMEOUT_MS} ms`);
      if (d.partialLines > 0) notes.push(`${d.id}: ${d.partialLines} lines reached a booting ESP32 only in part`);
    }
    for (const e of system.stack.unexpectedExits()) problems.push(`${e.service} exited by itself (code ${e.code}, signal ${e.signal})`);
    for (const r of system.monitor.refused.slice(0, 5)) problems.push(`refused on the bus: ${r}`);
    const untimed = system.monitor.untimed;
    if (untimed.length > 0) problems.push(`${untimed.length} readings published without ts (${untimed.slice(0, 4).map((u) => `${u.deviceId} seq ${u.seq}`).join(', ')}): the ESP32 had no NTP time yet, so the ingest stamps them with its receive time`);

    const database_ = new Map<string, StoredEnergy>();
    const api = new Map<string, StoredEnergy>();
    const fromMs = Math.floor(startMs / 3_600_000) * 3_600_000;
    const toMs = Math.ceil((clock.nowMs + 1) / 3_600_000) * 3_600_000;
    for (const id of ids) {
      database_.set(id, { hours: await stored.hourlyWh(id), days: await stored.dailyWh(id) });
      const hourly = await system.gateway.energy(id, fromMs, toMs, 'hour');
      const daily = await system.gateway.energy(id, fromMs, toMs, 'day');
      api.set(id, {
        hours: new Map(hourly.buckets.map((b) => [new Date(b.start).toISOString(), b.kwh * 1000])),
        days: new Map(daily.buckets.map((b) => [b.label, b.kwh * 1000])),
      });
    }
    const result = verify({
      scenario: s.name,
      meter: meterModel,
      devices,
      rule,
      timeZone,
      virtualMs: durationMs,
      wallMs: Date.now() - wallStart,
      readings: await stored.readings(ids),
      database: database_,
      api,
      alerts: await stored.alerts(ids),
      published: system.monitor.readings,
      acks: system.monitor.acks,
      problems,
      notes,
    });
    if (!result.pass) result.notes.push(`last lines of the services and ESP32s:\n${recentLogs.slice(-25).join('\n')}`);
    log.info({ pass: result.pass, wallS: Math.round(result.wallMs / 1000), readings: result.readings }, 'scenario done');
    return result;
  } finally {
    for (const d of devices) {
      await d.esp32Off().catch(() => undefined);
      await d.meter.dispose().catch(() => undefined);
    }
    await Promise.allSettled([...background]);
    await system.stop(o.keep);
    clockFile.close();
    if (!o.keep) rmSync(workDir, { recursive: true, force: true });
  }
}
