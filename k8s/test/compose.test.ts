/**
 * compose.yaml (no Docker here to run it): each built service uses the root Dockerfile with its SERVICE
 * and the image name the Dockerfile declares for it, every credential must come from the operator (no example defaults, issue 16),
 * and each service's own configuration validation accepts its environment once they are given.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadAlertConfig } from '@energy/alert-service/config';
import { loadAnalyticsConfig } from '@energy/analytics-service/config';
import { loadGatewayConfig } from '@energy/api-gateway/config';
import { loadBrokerConfig } from '@energy/broker/config';
import { loadIngestConfig } from '@energy/ingest-service/config';
import { DOCKERFILE, readDockerfiles, SERVICES } from './dockerfiles';
import { REPO_ROOT } from './render';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string; args?: Record<string, string> };
  environment?: Record<string, string | number | boolean>;
  command?: string[];
  ports?: string[];
  cap_drop?: string[];
  security_opt?: string[];
}

/**
 * Compose's interpolation: `${VAR:-default}`, `${VAR:?message}` (an error when VAR is unset or empty)
 * and `${VAR}`, against `shell`, the operator's environment or .env file.
 */
export function interpolate(value: string, shell: Record<string, string>): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?:(:?[-?])([^}]*))?\}/g, (_, name: string, op?: string, arg?: string) => {
    const set = shell[name] !== undefined && shell[name] !== '';
    if (set) return shell[name]!;
    if (op?.endsWith('?')) throw new Error(`required variable ${name} is missing a value: ${arg}`);
    return op?.endsWith('-') ? (arg ?? '') : '';
  });
}

/** What docs/deploy.md tells an operator to put in .env. */
const OPERATOR_ENV: Record<string, string> = {
  MYSQL_ROOT_PASSWORD: randomBytes(18).toString('base64'),
  MYSQL_PASSWORD: randomBytes(16).toString('hex'),
  MQTT_PASSWORD_INGEST: randomBytes(16).toString('hex'),
  MQTT_PASSWORD_ALERT: randomBytes(16).toString('hex'),
  MQTT_PASSWORD_GATEWAY: randomBytes(16).toString('hex'),
  MQTT_PASSWORD_ANALYTICS: randomBytes(16).toString('hex'),
  ADMIN_PASSWORD: randomBytes(18).toString('base64'),
  SESSION_SECRET: randomBytes(48).toString('base64'),
};

const compose = parse(readFileSync(join(REPO_ROOT, 'compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;
const envOf = (name: string, shell: Record<string, string>): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(services[name].environment ?? {}).map(([k, v]) => [k, interpolate(String(v), shell)]));
const env = (name: string) => envOf(name, OPERATOR_ENV);

const LOADERS: Record<string, (env: NodeJS.ProcessEnv) => { database: { databaseUrl?: string } }> = {
  broker: loadBrokerConfig,
  ingest: loadIngestConfig,
  alert: loadAlertConfig,
  gateway: loadGatewayConfig,
  analytics: loadAnalyticsConfig,
};

describe('compose.yaml', () => {
  it('runs MariaDB, the five services and the simulator', () => {
    expect(Object.keys(services).sort()).toEqual(['alert', 'analytics', 'broker', 'gateway', 'ingest', 'mariadb', 'simulator']);
  });

  it('builds each service from the root Dockerfile with its SERVICE, tagged with the image the Dockerfile declares for it', () => {
    const dockerfiles = readDockerfiles();
    const built = new Set<string>();
    for (const name of Object.keys(LOADERS)) {
      const { build, image } = services[name];
      expect(build?.context).toBe('.');
      expect(build?.dockerfile ?? DOCKERFILE).toBe(DOCKERFILE);
      const service = build?.args?.SERVICE ?? 'missing';
      built.add(service);
      const declared = dockerfiles.find((d) => d.service === service)?.image;
      expect({ name, image: interpolate(image ?? '', {}).replace(/:[^/:]+$/, '') }).toEqual({ name, image: declared });
    }
    expect([...built].sort()).toEqual([...SERVICES].sort());
  });

  it('has no default for any credential: each one the operator does not set stops compose, naming it', () => {
    for (const name of Object.keys(services)) {
      for (const [key, value] of Object.entries(services[name].environment ?? {})) {
        const missing = Object.keys(OPERATOR_ENV).filter((variable) => String(value).includes(`\${${variable}`));
        for (const variable of missing) {
          const without = { ...OPERATOR_ENV, [variable]: '' };
          expect(() => interpolate(String(value), without)).toThrow(`required variable ${variable}`);
        }
        expect({ service: name, key, value: interpolate(String(value), OPERATOR_ENV) }).not.toEqual(expect.objectContaining({ value: expect.stringMatching(/example|change-?me/i) }));
      }
    }
  });

  it.each(Object.keys(LOADERS))('gives %s a configuration it accepts, in MySQL mode', (name) => {
    const config = LOADERS[name](env(name));
    expect(config.database.databaseUrl).toMatch(/^mysql:\/\/energy:.*@mariadb:3306\/energy$/);
  });

  it("logs each MQTT client in with the broker's password for its account", () => {
    const broker = env('broker');
    for (const name of ['ingest', 'alert', 'gateway', 'analytics']) {
      const client = env(name);
      expect(client.MQTT_PASSWORD).toBe(broker[`MQTT_SERVICE_PASSWORD_${String(client.MQTT_USERNAME).toUpperCase()}`]);
    }
  });

  it('uses the same database password in MariaDB and in every DATABASE_URL', () => {
    const password = env('mariadb').MARIADB_PASSWORD;
    for (const name of [...Object.keys(LOADERS), 'simulator']) expect(new URL(String(env(name).DATABASE_URL)).password).toBe(password);
  });

  it('publishes only the device ports beyond this machine by default; the dashboard and metrics stay on loopback', () => {
    const published = Object.entries(services).flatMap(([name, s]) => (s.ports ?? []).map((p) => ({ name, binding: interpolate(p, {}) })));
    const open = published.filter((p) => !p.binding.startsWith('127.0.0.1:')).map((p) => `${p.name} ${p.binding}`);
    expect(open).toEqual(['broker 0.0.0.0:1883:1883', 'broker 0.0.0.0:8083:8083']);
    expect(published.map((p) => p.binding)).toEqual(expect.arrayContaining(['127.0.0.1:8080:8080', '127.0.0.1:9101:9101', '127.0.0.1:9102:9102', '127.0.0.1:9103:9103', '127.0.0.1:9104:9104', '127.0.0.1:9105:9105']));
    // The gateway's metrics, check details and API description are on its ops port, not on 8080 (issue 16).
    expect(env('gateway').OPS_PORT).toBe('9104');
  });

  it('drops every capability and forbids privilege escalation in the services it builds', () => {
    for (const name of [...Object.keys(LOADERS), 'simulator']) {
      expect({ name, capDrop: services[name].cap_drop }).toEqual({ name, capDrop: ['ALL'] });
      expect({ name, securityOpt: services[name].security_opt }).toEqual({ name, securityOpt: ['no-new-privileges:true'] });
    }
  });

  it('runs the simulator from an image that contains it', () => {
    const entry = services.simulator.command?.[2] ?? '';
    expect(existsSync(join(REPO_ROOT, entry))).toBe(true);
    const brokerImage = readDockerfiles().find((d) => d.service === services.broker.build?.args?.SERVICE);
    expect(services.simulator.image).toBe(services.broker.image);
    expect(brokerImage?.copied).toContain('tools/device-simulator');
  });
});
