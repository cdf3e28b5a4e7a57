import type { Logger } from '@energy/service-kit';
import type { Span } from '../meter/device-profile';
import { appliesTo, type Devices, type TwinEvent } from '../scenario';
import type { TwinSystem } from '../system/twin-system';
import type { DeviceTwin } from './device-twin';

/** What an action can touch. */
export interface ActionContext {
  devices: DeviceTwin[];
  system: TwinSystem;
  /** Virtual ms now (the action's own time). */
  nowMs: () => number;
  /** A faster (or slower) pace while a fault lasts; null ends it. */
  setSpeedOverride(key: string, speed: number | null): void;
  /** Work that takes real time (a service restart) while the virtual clock goes on. */
  background(label: string, work: () => Promise<void>): void;
  log: Logger;
}

/** One thing to do at a virtual instant. */
export interface ScheduledAction {
  atMs: number;
  label: string;
  run(ctx: ActionContext): Promise<void> | void;
}

/** Default downtime of an ESP32 reset: a watchdog reset and boot take about this long. */
export const ESP32_RESET_DOWN_MS = 2_000;

const pick = (ctx: ActionContext, devices: Devices | undefined) => ctx.devices.filter((d) => appliesTo(devices, d.index));

/** The spans of mains absence that reach one device (its load is off then too). */
export function powerCutSpans(events: TwinEvent[], startMs: number, device: number): Span[] {
  return events.flatMap((e) => (e.kind === 'power-cut' && appliesTo(e.devices, device) ? [{ fromMs: startMs + e.atMs, toMs: startMs + e.atMs + e.durationMs }] : []));
}

/** Turns the scenario's events into timed actions, in time order (a stable sort keeps ties in listed order). */
export function scheduleEvents(events: TwinEvent[], startMs: number): ScheduledAction[] {
  const actions: ScheduledAction[] = [];
  const at = (offsetMs: number, label: string, run: ScheduledAction['run']) => actions.push({ atMs: startMs + offsetMs, label, run });
  events.forEach((e, n) => {
    const key = `${e.kind}#${n}`;
    switch (e.kind) {
      case 'power-cut':
        at(e.atMs, 'power cut', async (ctx) => {
          for (const d of pick(ctx, e.devices)) {
            await d.unoOff(ctx.nowMs());
            await d.esp32Off();
          }
        });
        at(e.atMs + e.durationMs, 'power back', async (ctx) => {
          for (const d of pick(ctx, e.devices)) {
            await d.unoOn(ctx.nowMs());
            await d.esp32On(ctx.nowMs());
          }
        });
        break;
      case 'esp32-reset':
        at(e.atMs, 'ESP32 reset', async (ctx) => {
          for (const d of pick(ctx, e.devices)) await d.esp32Off();
        });
        at(e.atMs + (e.downMs ?? ESP32_RESET_DOWN_MS), 'ESP32 up', async (ctx) => {
          for (const d of pick(ctx, e.devices)) await d.esp32On(ctx.nowMs());
        });
        break;
      case 'uno-reset':
        at(e.atMs, 'UNO reset', async (ctx) => {
          for (const d of pick(ctx, e.devices)) {
            await d.unoOff(ctx.nowMs());
            await d.unoOn(ctx.nowMs());
          }
        });
        break;
      case 'wifi-down':
        at(e.atMs, 'Wi-Fi down', (ctx) => {
          for (const d of pick(ctx, e.devices)) d.faults.set('wifi_down', 1);
          if (e.speed) ctx.setSpeedOverride(key, e.speed);
        });
        at(e.atMs + e.durationMs, 'Wi-Fi up', (ctx) => {
          for (const d of pick(ctx, e.devices)) d.faults.clear('wifi_down');
          ctx.setSpeedOverride(key, null);
        });
        break;
      case 'broker-down':
        at(e.atMs, 'broker stopped', (ctx) => {
          ctx.background('broker stop', () => ctx.system.stopService('broker'));
          if (e.speed) ctx.setSpeedOverride(key, e.speed);
        });
        at(e.atMs + e.durationMs, 'broker started', (ctx) => {
          ctx.setSpeedOverride(key, null);
          ctx.background('broker start', () => ctx.system.restart('broker'));
        });
        break;
      case 'nvs-fail':
        at(e.atMs, 'NVS writes failing', (ctx) => {
          for (const d of pick(ctx, e.devices)) d.faults.set('nvs_write_fail', 1);
        });
        at(e.atMs + e.durationMs, 'NVS healthy, ESP32 reboots', async (ctx) => {
          for (const d of pick(ctx, e.devices)) {
            d.faults.clear('nvs_write_fail');
            await d.esp32Off();
            await d.esp32On(ctx.nowMs());
          }
        });
        break;
      case 'ingest-kill':
        at(e.atMs, 'ingest SIGKILL', (ctx) => ctx.background('ingest kill + restart', () => ctx.system.killAndRestart('ingest', e.downWallMs ?? 2_000)));
        break;
      case 'db-cut':
        at(e.atMs, 'database cut', (ctx) => ctx.system.cutDatabase());
        at(e.atMs + e.durationMs, 'database back', (ctx) => ctx.system.restoreDatabase());
        break;
    }
  });
  return actions.map((a, i) => ({ a, i })).sort((x, y) => x.a.atMs - y.a.atMs || x.i - y.i).map((x) => x.a);
}
