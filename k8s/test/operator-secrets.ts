import { randomBytes } from 'node:crypto';
import { containersOf, podTemplates, type K8sObject } from './render';

/**
 * The Secrets docs/deploy.md asks an operator to create for the site and scaled overlays, which ship
 * none (issue 16: example credentials only in the demo overlay). Values are generated the way the
 * page says, so the services' own validation sees what a real deployment gives them.
 */
export function operatorSecretValues(databaseHost: string): Record<string, Record<string, string>> {
  const hex = (bytes = 24) => randomBytes(bytes).toString('hex');
  const dbPassword = hex();
  const redisPassword = hex();
  return {
    'energy-database': { DATABASE_URL: `mysql://energy:${dbPassword}@${databaseHost}:3306/energy` },
    mysql: { MARIADB_ROOT_PASSWORD: hex(), MARIADB_DATABASE: 'energy', MARIADB_USER: 'energy', MARIADB_PASSWORD: dbPassword },
    'mqtt-service-accounts': { MQTT_SERVICE_PASSWORD_INGEST: hex(), MQTT_SERVICE_PASSWORD_ALERT: hex(), MQTT_SERVICE_PASSWORD_GATEWAY: hex(), MQTT_SERVICE_PASSWORD_ANALYTICS: hex() },
    'alert-callmebot': { CALLMEBOT_API_KEY: '8402117', CALLMEBOT_PHONE: '+4915112345678' },
    'gateway-auth': { ADMIN_PASSWORD: randomBytes(18).toString('base64'), SESSION_SECRET: randomBytes(48).toString('base64') },
    redis: { REDIS_PASSWORD: redisPassword, REDIS_URL: `redis://:${redisPassword}@redis:6379/0` },
  };
}

/** Names of the Secrets that pods reference (not optionally) and the rendering does not contain. */
export function missingSecretNames(objects: K8sObject[]): string[] {
  const names = new Set<string>();
  for (const pod of podTemplates(objects)) {
    for (const c of containersOf(pod)) {
      for (const from of c.envFrom ?? []) if (from.secretRef && !from.secretRef.optional) names.add(from.secretRef.name);
      for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef && !e.valueFrom.secretKeyRef.optional) names.add(e.valueFrom.secretKeyRef.name);
    }
  }
  const present = new Set(objects.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name));
  return [...names].filter((name) => !present.has(name)).sort();
}

/**
 * The rendering plus the Secrets an operator creates (`kubectl create secret generic ...`), unhashed,
 * in the namespace of the pods. A referenced Secret this table does not know stays missing, so the
 * reference check reports it.
 */
export function withOperatorSecrets(objects: K8sObject[]): K8sObject[] {
  const namespace = podTemplates(objects)[0]?.namespace ?? 'default';
  const inCluster = objects.some((o) => o.kind === 'StatefulSet' && o.metadata.name === 'mysql');
  const values = operatorSecretValues(inCluster ? 'mysql' : 'mysql.db.internal');
  const created = missingSecretNames(objects)
    .filter((name) => values[name])
    .map(
      (name): K8sObject => ({
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'Opaque',
        metadata: { name, namespace },
        data: Object.fromEntries(Object.entries(values[name]!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      }),
    );
  return [...objects, ...created];
}
