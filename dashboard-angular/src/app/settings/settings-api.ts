import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { API_BASE } from '../api/api-client';
import type { NotificationTestResult, Tariff } from '../api/api-types';

export type TariffSettings = Tariff;
export type TariffWindow = Tariff['timeOfUse'][number];
export interface TariffCosts {
  currency: string;
  monthToDateCost: number;
  projectedMonthCost: number;
}
export interface TariffPreview {
  monthToDateKwh: number;
  current: TariffCosts;
  proposed: TariffCosts;
}
export interface SiteView {
  timeZone: string;
  timeZoneSource: string;
}
export interface ApiKeyView {
  id: number;
  name: string;
  access: 'read' | 'write';
  hint: string;
  createdAt: number;
  lastUsedAt: number | null;
}
export interface IntegrationBroker {
  host: string;
  port: number;
  topicPrefix: string;
  discoveryPrefix: string;
  discoveryEnabled: boolean;
  birthTopic: string;
  homeAssistantAccount: string;
}
export interface IntegrationView {
  username: string;
  devices: string[] | null;
  createdAt: number;
  updatedAt: number;
  revokedAt: number | null;
}
export interface CreatedIntegration {
  account: IntegrationView;
  secret: string;
  mqtt: IntegrationBroker & { username: string; password: string; relayTopic: string };
}
export interface RecipientView {
  id: number;
  /** Masked by the gateway, e.g. +49•••••••••78. */
  phone: string;
  label: string;
  createdAt: number;
}
export type RecipientTestResult = NotificationTestResult;

/** The settings page's calls (docs/api.md): tariff and its preview, site, API keys, integration accounts. */
@Injectable({ providedIn: 'root' })
export class SettingsApi {
  private readonly http = inject(HttpClient);
  private call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return firstValueFrom(this.http.request<T>(method, `${API_BASE}${path}`, { body }));
  }

  tariff(): Promise<TariffSettings> {
    return this.call('GET', '/tariff');
  }
  saveTariff(tariff: TariffSettings): Promise<TariffSettings> {
    return this.call('PUT', '/tariff', tariff);
  }
  previewTariff(tariff: TariffSettings): Promise<TariffPreview> {
    return this.call('POST', '/tariff/preview', tariff);
  }
  site(): Promise<SiteView> {
    return this.call('GET', '/site');
  }
  changePassword(currentPassword: string, newPassword: string): Promise<{ endedSessions: number }> {
    return this.call('POST', '/auth/password', { currentPassword, newPassword });
  }
  apiKeys(): Promise<ApiKeyView[]> {
    return this.call('GET', '/api-keys');
  }
  createApiKey(name: string, access: 'read' | 'write'): Promise<ApiKeyView & { key: string }> {
    return this.call('POST', '/api-keys', { name, access });
  }
  revokeApiKey(id: number): Promise<void> {
    return this.call('DELETE', `/api-keys/${id}`);
  }
  integrations(): Promise<{ accounts: IntegrationView[]; mqtt: IntegrationBroker }> {
    return this.call('GET', '/integrations');
  }
  createIntegration(username: string, devices: string[] | null): Promise<CreatedIntegration> {
    return this.call('POST', '/integrations', { username, devices });
  }
  revokeIntegration(username: string): Promise<void> {
    return this.call('DELETE', `/integrations/${encodeURIComponent(username)}`);
  }
  recipients(): Promise<RecipientView[]> {
    return this.call('GET', '/notifications/recipients');
  }
  addRecipient(phone: string, label: string, apikey: string): Promise<RecipientView> {
    return this.call('POST', '/notifications/recipients', { phone, label, apikey });
  }
  removeRecipient(id: number): Promise<void> {
    return this.call('DELETE', `/notifications/recipients/${id}`);
  }
  testRecipient(id: number): Promise<RecipientTestResult> {
    return this.call('POST', `/notifications/recipients/${id}/test`);
  }
}
