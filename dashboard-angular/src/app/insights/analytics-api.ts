import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { ConsumersView, FindingsReply, ForecastMessage, ForecastVsActual, SignatureView } from '../api/api-types';
import { API_BASE } from '../api/api-client';

/** The whole site's id in the analytics API. */
export const SITE = '_site';

/** /api/v1/analytics (docs/analytics.md): forecasts, unusual consumption, appliance signatures. */
@Injectable({ providedIn: 'root' })
export class AnalyticsApi {
  private readonly http = inject(HttpClient);

  forecast(deviceId: string): Promise<ForecastMessage> {
    return firstValueFrom(this.http.get<ForecastMessage>(`${API_BASE}/analytics/forecasts/${encodeURIComponent(deviceId)}`));
  }

  pastWeek(deviceId: string): Promise<ForecastVsActual> {
    return firstValueFrom(this.http.get<ForecastVsActual>(`${API_BASE}/analytics/forecasts/${encodeURIComponent(deviceId)}/past-week`));
  }

  findings(deviceId?: string): Promise<FindingsReply> {
    return firstValueFrom(this.http.get<FindingsReply>(`${API_BASE}/analytics/findings`, { params: deviceId ? { deviceId, limit: 30 } : { limit: 30 } }));
  }

  signatures(deviceId: string): Promise<SignatureView[]> {
    return firstValueFrom(this.http.get<SignatureView[]>(`${API_BASE}/analytics/devices/${encodeURIComponent(deviceId)}/signatures`));
  }

  renameSignature(deviceId: string, signatureId: string, name: string | null): Promise<SignatureView> {
    return firstValueFrom(this.http.put<SignatureView>(`${API_BASE}/analytics/devices/${encodeURIComponent(deviceId)}/signatures/${encodeURIComponent(signatureId)}`, { name }));
  }

  consumers(deviceId: string, hours = 24): Promise<ConsumersView> {
    return firstValueFrom(this.http.get<ConsumersView>(`${API_BASE}/analytics/devices/${encodeURIComponent(deviceId)}/consumers`, { params: { hours } }));
  }
}

/** "Unusually high", "Base load rise", … for a finding kind. */
export const FINDING_LABELS: Record<string, string> = {
  unusually_high: 'Unusually high',
  unusually_low: 'Unusually low',
  base_load_rise: 'Always-on load rose',
  long_running: 'On far longer than ever',
  flat_readings: 'Stuck readings',
  implausible_readings: 'Implausible readings',
};
