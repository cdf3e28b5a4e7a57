import type { EnergyReport } from '@energy/contracts';

/** The gateway's REST API as a user sees it: logged in as admin, reading energy reports. */
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
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${this.token}` }, signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** GET /api/v1/energy for one device. */
  energy(deviceId: string, fromMs: number, toMs: number, period: 'hour' | 'day'): Promise<EnergyReport> {
    return this.get<EnergyReport>(`/energy?devices=${encodeURIComponent(deviceId)}&from=${fromMs}&to=${toMs}&period=${period}`);
  }
}
