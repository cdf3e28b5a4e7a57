import { loadAlertConfig } from '@energy/alert-service/config';
import { loadAnalyticsConfig } from '@energy/analytics-service/config';
import { loadGatewayConfig } from '@energy/api-gateway/config';
import { loadBrokerConfig } from '@energy/broker/config';
import { loadIngestConfig } from '@energy/ingest-service/config';
import { containersOf, id, mapSelects, podTemplates, resolvePort, type K8sObject, type PodTemplate } from './render';

/** The environment a container would see, from its envFrom and env, with $(VAR) expansion as the kubelet does it. */
export function containerEnv(objects: K8sObject[], pod: PodTemplate, containerName: string): Record<string, string> {
  const container = containersOf(pod).find((c) => c.name === containerName);
  const data = (kind: string, name: string): Record<string, string> => {
    const o = objects.find((x) => x.kind === kind && x.metadata.name === name && (x.metadata.namespace ?? 'default') === pod.namespace);
    if (!o) return {};
    if (kind === 'ConfigMap') return o.data ?? {};
    return Object.fromEntries(Object.entries<string>(o.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
  };
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const values = from.configMapRef ? data('ConfigMap', from.configMapRef.name) : data('Secret', from.secretRef.name);
    for (const [k, v] of Object.entries(values)) env[`${from.prefix ?? ''}${k}`] = v;
  }
  for (const e of container.env ?? []) {
    const vf = e.valueFrom;
    if (vf?.secretKeyRef) env[e.name] = data('Secret', vf.secretKeyRef.name)[vf.secretKeyRef.key];
    else if (vf?.configMapKeyRef) env[e.name] = data('ConfigMap', vf.configMapKeyRef.name)[vf.configMapKeyRef.key];
    else if (vf?.fieldRef?.fieldPath === 'metadata.name') env[e.name] = pod.workload.kind === 'StatefulSet' ? `${pod.workload.metadata.name}-0` : `${pod.workload.metadata.name}-7d9f8-x2x5q`;
    else if (vf?.fieldRef?.fieldPath === 'metadata.namespace') env[e.name] = pod.namespace;
    else env[e.name] = String(e.value ?? '').replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (ref, name: string) => env[name] ?? ref);
  }
  return env;
}

/** Runs each service's own start-up validation on the environment its pod would get. */
const LOADERS: Record<string, (env: NodeJS.ProcessEnv) => { database: { databaseUrl?: string } }> = {
  'ghcr.io/smart-energy-monitor/broker': loadBrokerConfig,
  'ghcr.io/smart-energy-monitor/ingest-service': loadIngestConfig,
  'ghcr.io/smart-energy-monitor/alert-service': loadAlertConfig,
  'ghcr.io/smart-energy-monitor/api-gateway': loadGatewayConfig,
  'ghcr.io/smart-energy-monitor/analytics-service': loadAnalyticsConfig,
};
const imageName = (image: string) => image.replace(/:[^/:]+$/, '');

/**
 * Every service starts with the configuration it is given: its own validation accepts it, it runs in
 * MySQL mode (SQLite would write to the read-only root filesystem), each MQTT client logs in with the
 * password the broker holds for its account, and MQTT_URL names a Service that reaches a broker.
 */
export function checkServiceConfiguration(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  const pods = podTemplates(objects);
  const brokerPod = pods.find((p) => containersOf(p).some((c) => imageName(c.image) === 'ghcr.io/smart-energy-monitor/broker'));
  const brokerEnv = brokerPod ? containerEnv(objects, brokerPod, containersOf(brokerPod).find((c) => imageName(c.image).endsWith('/broker')).name) : {};
  for (const pod of pods) {
    for (const c of containersOf(pod)) {
      const load = LOADERS[imageName(c.image)];
      if (!load) continue;
      const where = `${id(pod.workload)} ${c.name}`;
      const env = containerEnv(objects, pod, c.name);
      try {
        const config = load(env);
        if (!config.database.databaseUrl) problems.push(`${where}: no DATABASE_URL, so it would open SQLite on a read-only filesystem`);
      } catch (err) {
        problems.push(`${where}: the service would refuse to start: ${(err as Error).message}`);
        continue;
      }
      if (!env.MQTT_URL || imageName(c.image).endsWith('/broker')) continue;
      const account = env.MQTT_USERNAME;
      const expected = brokerEnv[`MQTT_SERVICE_PASSWORD_${String(account).toUpperCase()}`];
      if (!expected) problems.push(`${where}: MQTT_USERNAME ${account} is not a service account with a password on the broker`);
      else if (env.MQTT_PASSWORD !== expected) problems.push(`${where}: MQTT_PASSWORD is not the broker's password for ${account}`);
      const url = new URL(env.MQTT_URL);
      const port = Number(url.port || 1883);
      const svc = objects.find((o) => o.kind === 'Service' && o.metadata.name === url.hostname && (o.metadata.namespace ?? 'default') === pod.namespace);
      const servicePort = svc?.spec.ports?.find((p: { port: number }) => p.port === port);
      const reaches = svc && servicePort && pods.some((p) => p === brokerPod && mapSelects(svc.spec.selector, p.labels) && resolvePort(p, servicePort.targetPort ?? port));
      if (!reaches) problems.push(`${where}: MQTT_URL ${env.MQTT_URL} does not reach a broker through a Service`);
    }
  }
  if (!brokerPod) problems.push('no broker workload');
  return problems;
}
