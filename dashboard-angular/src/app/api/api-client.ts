import { HttpClient, HttpErrorResponse, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type {
  Alert,
  AlertFilter,
  ApiErrorBody,
  Device,
  EnergyPeriod,
  EnergyReport,
  EnergySummary,
  HistoryResponse,
  LoginResponse,
  ProvisionResponse,
  RelayCommandRecord,
  RelayState,
  Resolution,
  Rule,
  RuleInput,
  Tariff,
} from './api-types';

/** Relative: the gateway serves the dashboard, so the API is on the same origin. */
export const API_BASE = '/api/v1';

type Query = Record<string, string | number | undefined>;

function params(query: Query): HttpParams {
  let p = new HttpParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') p = p.set(key, String(value));
  return p;
}

/** The message the gateway put in its error body, or a plain description of what went wrong. */
export function errorMessage(err: unknown): string {
  if (err instanceof HttpErrorResponse) {
    const body = err.error as Partial<ApiErrorBody> | null;
    const message = body && typeof body === 'object' ? body.message : undefined;
    if (Array.isArray(message)) return message.join('; ');
    if (typeof message === 'string' && message) return message;
    if (err.status === 0) return 'The server cannot be reached. Check your connection.';
    return `${err.status} ${err.statusText}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/** A typed client for docs/api.md. Every call is a promise; stores decide what to keep. */
@Injectable({ providedIn: 'root' })
export class ApiClient {
  private readonly http = inject(HttpClient);

  private get<T>(path: string, query: Query = {}): Promise<T> {
    return firstValueFrom(this.http.get<T>(`${API_BASE}${path}`, { params: params(query) }));
  }

  private send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return firstValueFrom(this.http.request<T>(method, `${API_BASE}${path}`, { body }));
  }

  login(username: string, password: string): Promise<LoginResponse> {
    return this.send('POST', '/auth/login', { username, password });
  }
  logout(): Promise<void> {
    return this.send('POST', '/auth/logout');
  }
  me(): Promise<{ username?: string }> {
    return this.get('/auth/me');
  }

  devices(): Promise<Device[]> {
    return this.get('/devices');
  }
  provision(id: string, name: string | undefined): Promise<ProvisionResponse> {
    return this.send('POST', '/devices', name ? { id, name } : { id });
  }
  renameDevice(id: string, name: string): Promise<Device> {
    return this.send('PATCH', `/devices/${encodeURIComponent(id)}`, { name });
  }
  revokeDevice(id: string): Promise<Device> {
    return this.send('POST', `/devices/${encodeURIComponent(id)}/revoke`);
  }
  rotateSecret(id: string): Promise<Omit<ProvisionResponse, 'device'>> {
    return this.send('POST', `/devices/${encodeURIComponent(id)}/rotate`);
  }

  history(devices: string[], fromMs: number, toMs: number, resolution: Resolution | 'auto' = 'auto'): Promise<HistoryResponse> {
    return this.get('/history', { devices: devices.join(','), from: Math.floor(fromMs), to: Math.ceil(toMs), resolution });
  }

  energy(devices: string[] | null, fromMs: number, toMs: number, period: EnergyPeriod): Promise<EnergyReport> {
    return this.get('/energy', { devices: devices?.join(','), from: Math.floor(fromMs), to: Math.ceil(toMs), period });
  }
  energySummary(devices: string[] | null): Promise<EnergySummary> {
    return this.get('/energy/summary', { devices: devices?.join(',') });
  }
  tariff(): Promise<Tariff> {
    return this.get('/tariff');
  }

  /** The CSV as a blob: a plain link cannot carry the Authorization header. */
  exportCsv(devices: string[], fromMs: number, toMs: number, resolution: Resolution): Promise<Blob> {
    return firstValueFrom(
      this.http.get(`${API_BASE}/export.csv`, {
        params: params({ devices: devices.join(','), from: Math.floor(fromMs), to: Math.ceil(toMs), resolution }),
        responseType: 'blob',
      }),
    );
  }

  alerts(filter: AlertFilter = {}): Promise<Alert[]> {
    return this.get('/alerts', { ...filter });
  }
  acknowledge(id: number): Promise<Alert> {
    return this.send('POST', `/alerts/${id}/acknowledge`);
  }
  /** Switches back on the load an alert shed; 202 with the `on` command. */
  restoreLoad(alertId: number): Promise<RelayCommandRecord> {
    return this.send('POST', `/alerts/${alertId}/restore-load`);
  }

  /** Asks for a relay state: 202 with the command; the device's report confirms it (live `relay` event). */
  setRelay(deviceId: string, state: RelayState): Promise<RelayCommandRecord> {
    return this.send('POST', `/devices/${encodeURIComponent(deviceId)}/relay`, { state });
  }
  relay(deviceId: string): Promise<{ deviceId: string; state: RelayState | null; commands: RelayCommandRecord[] }> {
    return this.get(`/devices/${encodeURIComponent(deviceId)}/relay`);
  }

  rules(): Promise<Rule[]> {
    return this.get('/rules');
  }
  createRule(rule: RuleInput): Promise<Rule> {
    return this.send('POST', '/rules', rule);
  }
  updateRule(id: number, rule: RuleInput): Promise<Rule> {
    return this.send('PUT', `/rules/${id}`, rule);
  }
  deleteRule(id: number): Promise<void> {
    return this.send('DELETE', `/rules/${id}`);
  }

  /**
   * A ticket for one live stream: EventSource cannot send headers, so its credential rides in the
   * URL, where proxy logs keep it. A ticket works once, within 30 s; the session token never goes there.
   */
  liveTicket(): Promise<{ ticket: string; expiresAt: number }> {
    return this.send('POST', '/live/tickets');
  }

  /** The live stream URL for a ticket from `liveTicket()`. */
  liveUrl(ticket: string, devices?: string[]): string {
    const p = params({ devices: devices?.join(','), ticket });
    return `${API_BASE}/live?${p.toString()}`;
  }
}
