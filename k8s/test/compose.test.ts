/**
 * compose.yaml (no Docker here to run it): each built service uses its Dockerfile and the image name
 * that Dockerfile declares, and each service's own configuration validation accepts its environment
 * with the defaults compose would fill in.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadAlertConfig } from '../../alert-service/src/config/env';
import { loadGatewayConfig } from '../../api-gateway/src/config/env';
import { loadBrokerConfig } from '../../broker/src/config/env';
import { loadIngestConfig } from '../../ingest-service/src/config/env';
import { readDockerfiles } from './dockerfiles';
import { REPO_ROOT } from './render';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string | number | boolean>;
  command?: string[];
}

/** ${VAR:-default} and ${VAR} as compose interpolates them with an empty shell environment. */
const interpolate = (value: string) => value.replace(/\$\{([A-Z0-9_]+)(?::?-([^}]*))?\}/g, (_, _name: string, fallback?: string) => fallback ?? '');

const compose = parse(readFileSync(join(REPO_ROOT, 'compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;
const env = (name: string): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(services[name].environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]));

const LOADERS: Record<string, (env: NodeJS.ProcessEnv) => { database: { databaseUrl?: string } }> = {
  broker: loadBrokerConfig,
  ingest: loadIngestConfig,
  alert: loadAlertConfig,
  gateway: loadGatewayConfig,
};

describe('compose.yaml', () => {
  it('runs MariaDB, the four services and the simulator', () => {
    expect(Object.keys(services).sort()).toEqual(['alert', 'broker', 'gateway', 'ingest', 'mariadb', 'simulator']);
  });

  it('builds each service from its Dockerfile, tagged with the image that Dockerfile declares', () => {
    const dockerfiles = readDockerfiles();
    for (const name of Object.keys(LOADERS)) {
      const { build, image } = services[name];
      expect(build?.context).toBe('.');
      expect(existsSync(join(REPO_ROOT, build?.dockerfile ?? 'missing'))).toBe(true);
      const declared = dockerfiles.find((d) => d.path === build?.dockerfile)?.image;
      expect(interpolate(image ?? '').replace(/:[^/:]+$/, '')).toBe(declared);
    }
  });

  it.each(Object.keys(LOADERS))('gives %s a configuration it accepts, in MySQL mode', (name) => {
    const config = LOADERS[name](env(name));
    expect(config.database.databaseUrl).toMatch(/^mysql:\/\/energy:.*@mariadb:3306\/energy$/);
  });

  it("logs each MQTT client in with the broker's password for its account", () => {
    const broker = env('broker');
    for (const name of ['ingest', 'alert', 'gateway']) {
      const client = env(name);
      expect(client.MQTT_PASSWORD).toBe(broker[`MQTT_SERVICE_PASSWORD_${String(client.MQTT_USERNAME).toUpperCase()}`]);
    }
  });

  it('uses the same database password in MariaDB and in every DATABASE_URL', () => {
    const password = env('mariadb').MARIADB_PASSWORD;
    for (const name of [...Object.keys(LOADERS), 'simulator']) expect(new URL(String(env(name).DATABASE_URL)).password).toBe(password);
  });

  it('runs the simulator from an image that contains it', () => {
    const entry = services.simulator.command?.[2] ?? '';
    expect(existsSync(join(REPO_ROOT, entry))).toBe(true);
    const brokerDockerfile = readFileSync(join(REPO_ROOT, 'broker/Dockerfile'), 'utf8');
    expect(services.simulator.image).toBe(services.broker.image);
    expect(brokerDockerfile).toMatch(/^COPY tools\/device-simulator /m);
  });
});
