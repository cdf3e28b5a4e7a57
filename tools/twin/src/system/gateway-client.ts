import type { AlertRule, AlertRuleInput, EnergyReport } from '@energy/contracts';

/** The gateway's REST API as a user sees it: logged in as admin, reading energy reports, setting the alert rule. */
export class GatewayClient {
  private constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  static async login(baseUrl: string, password: string): Promise<GatewayClient> {
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    if (!res.ok) throw new Error(`gateway login failed: ${res.status} ${await res.text()}`);
    return new GatewayClient(baseUrl, ((await res.json()) as { token: string }).token);
  }

  async get<T>(path: string): Promise<T> {
    return (await this.send('GET', path)).json() as Promise<T>;
  }

  /** GET /api/v1/energy for one device. */
  energy(deviceId: string, fromMs: number, toMs: number, period: 'hour' | 'day'): Promise<EnergyReport> {
    return this.get<EnergyReport>(`/energy?devices=${encodeURIComponent(deviceId)}&from=${fromMs}&to=${toMs}&period=${period}`);
  }

  /**
   * Makes `rule` the only alert rule (none for null), as an operator would on the Rules page: the
   * alert service's default rule, created at its first start, is deleted first.
   */
  async replaceRules(rule: AlertRuleInput | null): Promise<void> {
    for (const existing of await this.get<AlertRule[]>('/rules')) await this.send('DELETE', `/rules/${existing.id}`);
    if (rule) await this.send('POST', '/rules', rule);
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res;
  }
}
