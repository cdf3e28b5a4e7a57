import { Inject, Injectable, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { analyticsTopics, type ApplianceRunMessage, type Telemetry } from '@energy/contracts';
import { BusPublisher, type Logger, type Clock } from '@energy/service-kit';
import { ApplianceMonitor } from '../appliances/appliance-monitor';
import type { ApplianceEvent } from '../appliances/appliance-events';
import { baseLoadW, topConsumers, type Consumer } from '../appliances/consumers';
import { groupSignatures, matchSignature, type Signature } from '../appliances/signatures';
import { AnalyticsMetrics } from '../observability/metrics';
import { CLOCK, LOGGER } from '@energy/service-kit/nest';
import { RollupsRepository } from '../store/rollups.repository';
import { SignatureNamesRepository } from '../store/signature-names.repository';

const HOUR_MS = 3_600_000;

export interface ConsumersReport {
  deviceId: string;
  fromMs: number;
  toMs: number;
  baseLoadW: number;
  energyWh: number;
  consumers: Consumer[];
}

/**
 * Appliance runs from each device's live 1 Hz stream, grouped into signatures the user can name.
 * Names are stored (`analytics_signature_names`) and read back at start; the runs are in memory.
 */
@Injectable()
export class SignaturesService implements OnModuleInit {
  private readonly monitors = new Map<string, ApplianceMonitor>();
  private readonly names = new Map<string, Map<string, string>>();
  /** Signatures are regrouped only when the device has new runs (grouping is quadratic in runs alike). */
  private readonly cached = new Map<string, { runs: number; signatures: Signature[] }>();

  constructor(
    private readonly rollups: RollupsRepository,
    private readonly storedNames: SignatureNamesRepository,
    private readonly bus: BusPublisher,
    private readonly metrics: AnalyticsMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    for (const [deviceId, names] of await this.storedNames.all()) this.names.set(deviceId, names);
  }

  /** Every reading of the telemetry stream; constant work per reading. */
  onReadings(readings: readonly Telemetry[]): void {
    for (const reading of readings) {
      let monitor = this.monitors.get(reading.device_id);
      if (!monitor) this.monitors.set(reading.device_id, (monitor = new ApplianceMonitor()));
      const { event } = monitor.push(reading.ts, reading.power_w);
      this.metrics.readings.inc();
      if (event) this.onRun(reading.device_id, event);
    }
  }

  signatures(deviceId: string): Signature[] {
    const events = this.monitors.get(deviceId)?.events ?? [];
    const cached = this.cached.get(deviceId);
    if (cached && cached.runs === events.length) return cached.signatures;
    const signatures = groupSignatures(events, this.names.get(deviceId));
    this.cached.set(deviceId, { runs: events.length, signatures });
    return signatures;
  }

  /** Names a signature (null removes the name) and stores the name; later runs of it carry the name. */
  async rename(deviceId: string, signatureId: string, name: string | null): Promise<Signature> {
    if (!this.signatures(deviceId).some((s) => s.id === signatureId)) throw new NotFoundException(`device ${deviceId} has no signature ${signatureId}`);
    await this.storedNames.set(deviceId, signatureId, name, this.clock.now());
    const names = this.names.get(deviceId) ?? new Map<string, string>();
    if (name) names.set(signatureId, name);
    else names.delete(signatureId);
    this.names.set(deviceId, names);
    this.cached.delete(deviceId);
    return this.signatures(deviceId).find((s) => s.id === signatureId)!;
  }

  /** Base load and where the energy of the last `hours` went, by signature. */
  async consumers(deviceId: string, hours: number): Promise<ConsumersReport> {
    const toMs = this.clock.now();
    const fromMs = toMs - hours * HOUR_MS;
    const minutes = await this.rollups.minutes(deviceId, fromMs, toMs);
    const powers = Array.from(minutes.powerW).filter(Number.isFinite);
    const energyWh = powers.reduce((sum, p) => sum + p / 60, 0);
    const base = baseLoadW(powers);
    const events = (this.monitors.get(deviceId)?.events ?? []).filter((e) => e.startMs >= fromMs);
    const coveredMs = powers.length * 60_000;
    return { deviceId, fromMs, toMs, baseLoadW: Math.round(base), energyWh: Math.round(energyWh), consumers: Number.isFinite(base) ? topConsumers(energyWh, coveredMs, base, events, this.signatures(deviceId)) : [] };
  }

  private onRun(deviceId: string, event: ApplianceEvent): void {
    this.metrics.applianceRuns.inc();
    const signature = matchSignature(event, this.signatures(deviceId));
    const message: ApplianceRunMessage = {
      device_id: deviceId,
      start_ms: event.startMs,
      duration_ms: event.durationMs,
      power_w: Math.round(event.powerW),
      signature_id: signature?.id ?? null,
      label: signature ? (signature.name ?? signature.label) : null,
    };
    this.bus.publish(analyticsTopics.appliance(deviceId), message, { qos: 0 }).catch((err: Error) => this.logger.warn({ deviceId, err: err.message }, 'appliance run not published'));
  }
}
