import type { AlertRuleInput } from '@energy/contracts';
import type { LoadState } from '@energy/uno-sim';

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const seconds = (n: number) => n * SECOND_MS;
export const minutes = (n: number) => n * MINUTE_MS;
export const hours = (n: number) => n * HOUR_MS;

/** Which meter stands in for the UNO: the real HEX in avr8js, or the same meter code built for the host. */
export type MeterModel = 'avr8js' | 'host';

/** Device indexes (0-based) an event applies to; default all. */
export type Devices = 'all' | number[];

/**
 * What happens during a run, at virtual times from its start. Every fault the issue names is one of
 * these; a scenario lists them in any order.
 */
export type TwinEvent =
  /** Mains gone: both boards lose power and the load is off; everything comes back after durationMs. */
  | { kind: 'power-cut'; atMs: number; durationMs: number; devices?: Devices }
  /** The ESP32 alone resets (watchdog, brown-out): down for downMs, the UNO keeps measuring. */
  | { kind: 'esp32-reset'; atMs: number; downMs?: number; devices?: Devices }
  /** The UNO alone resets: its counter starts again from 0 under a new boot number. */
  | { kind: 'uno-reset'; atMs: number; devices?: Devices }
  /** Wi-Fi gone (the ESP32's fault file); speed: the clock may run faster meanwhile (nothing to ack). */
  | { kind: 'wifi-down'; atMs: number; durationMs: number; devices?: Devices; speed?: number }
  /** The broker stops and starts again after durationMs. */
  | { kind: 'broker-down'; atMs: number; durationMs: number; speed?: number }
  /** NVS writes fail for durationMs; at its end the ESP32 reboots. */
  | { kind: 'nvs-fail'; atMs: number; durationMs: number; devices?: Devices }
  /** The ingest is SIGKILLed and started again after downWallMs of real time. */
  | { kind: 'ingest-kill'; atMs: number; downWallMs?: number }
  /** The database connection is cut (TCP proxy) for durationMs of virtual time. Needs MariaDB. */
  | { kind: 'db-cut'; atMs: number; durationMs: number };

/** The load a meter sees from atMs (from the run's start) until the next step. */
export interface LoadStep {
  atMs: number;
  state: LoadState;
}

export interface Scenario {
  name: string;
  /** One line for the table and --help. */
  summary: string;
  meter: MeterModel;
  /** Default device count (--devices overrides). */
  devices: number;
  /** Default virtual length (--minutes overrides, as long as the events still fit). */
  durationMs: number;
  /** Where in the run a site-local midnight falls; default the middle. */
  midnightAtMs?: number;
  /** Each device's load over the run. */
  loads: (device: number, durationMs: number) => LoadStep[];
  events: TwinEvent[];
  /** Configured before the run; default STANDARD_RULE. null: none. */
  alertRule?: AlertRuleInput | null;
  /** Virtual ms per wall ms when nothing asks for another pace. */
  speed?: number;
  /** The database this scenario needs (a db cut needs MariaDB's TCP connection). */
  database?: 'mysql';
}

/** The rule every scenario runs with unless it says otherwise: the kettle steps trip it. */
export const STANDARD_RULE: AlertRuleInput = {
  name: 'twin: power above 1500 W for 30 s',
  kind: 'power_above',
  threshold: 1500,
  clearThreshold: 1350,
  holdSeconds: 30,
  severity: 'warning',
};

export const defineScenario = (scenario: Scenario): Scenario => scenario;

/** Time after the last event during which the system settles, so every event's effect is stored. */
export const SETTLE_MS = minutes(1);

/** Where an event ends (virtual ms from the start). */
export function eventEndMs(e: TwinEvent): number {
  switch (e.kind) {
    case 'power-cut':
    case 'wifi-down':
    case 'broker-down':
    case 'nvs-fail':
    case 'db-cut':
      return e.atMs + e.durationMs;
    case 'esp32-reset':
      return e.atMs + (e.downMs ?? 0);
    default:
      return e.atMs;
  }
}

/** The least virtual length that holds every event and the settle time after the last. */
export function minimumDurationMs(scenario: Scenario): number {
  return Math.max(0, ...scenario.events.map(eventEndMs)) + SETTLE_MS;
}

export function appliesTo(devices: Devices | undefined, device: number): boolean {
  return devices === undefined || devices === 'all' || devices.includes(device);
}
