/**
 * Offline validation of the Kubernetes manifests: every overlay is rendered with `kubectl kustomize`,
 * each object is validated against the Kubernetes schemas (kubernetes-models), and the whole is checked
 * for consistency with itself, with the Dockerfiles and with the services' own configuration rules.
 * The last block breaks the manifests on purpose and expects each check to notice.
 */
import { checkContainers, checkReferences, checkSecretsArePlaceholders, checkServices, checkTargets } from './consistency';
import { checkDockerfiles, checkImagesMatchDockerfiles, dockerIgnores, DOCKERFILE, parseDockerfile, readDockerfiles, readDockerignore, SERVICES } from './dockerfiles';
import { allowed, checkNetworkPolicies, podEndpoint, type Endpoint, type Flow } from './network-policy';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clone, containersOf, podTemplates, render, REPO_ROOT, type K8sObject } from './render';
import { validateSchemas } from './schemas';
import { missingSecretNames, withOperatorSecrets } from './operator-secrets';
import { checkServiceConfiguration } from './service-env';
import { createUnknownFieldChecker } from './unknown-fields';

const TARGETS = {
  site: 'k8s/overlays/site',
  scaled: 'k8s/overlays/scaled',
  demo: 'k8s/overlays/demo',
  'site with every component': 'k8s/test/fixtures/site-with-components',
  'scaled with mqtt-tls and service-monitor': 'k8s/test/fixtures/scaled-with-components',
} as const;
type Target = keyof typeof TARGETS;
/** Only the demo ships credentials (examples); every other rendering expects the operator's Secrets. */
const SHIPS_SECRETS: readonly Target[] = ['demo'];

const rendered = new Map<Target, K8sObject[]>();
/** What `kubectl kustomize` gives, as the repository ships it. */
const shippedOf = (target: Target) => {
  if (!rendered.has(target)) rendered.set(target, render(TARGETS[target]));
  return rendered.get(target) as K8sObject[];
};
const deployed = new Map<Target, K8sObject[]>();
/** What runs in the cluster: the rendering plus the Secrets docs/deploy.md asks the operator to create. */
const objectsOf = (target: Target) => {
  if (!deployed.has(target)) deployed.set(target, SHIPS_SECRETS.includes(target) ? shippedOf(target) : withOperatorSecrets(shippedOf(target)));
  return deployed.get(target) as K8sObject[];
};
/** A Secret by its name as written in the manifests (generated ones carry a hash suffix). */
const secretNamed = (objects: K8sObject[], name: string) => objects.find((o) => o.kind === 'Secret' && (o.metadata.name === name || o.metadata.name.startsWith(`${name}-`))) as K8sObject;
const dockerfiles = readDockerfiles();
const checkUnknownFields = createUnknownFieldChecker();

const get = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name}`);
  return found;
};
const kinds = (objects: K8sObject[]) => objects.map((o) => o.kind);

describe('Dockerfile', () => {
  it('builds an image for every service (SERVICE build argument)', () => {
    expect(dockerfiles.map((d) => d.path)).toEqual(SERVICES.map((s) => `Dockerfile (SERVICE=${s})`));
  });

  it('installs from every workspace, runs each service entry point as non-root, and names each image', () => {
    expect(checkDockerfiles(dockerfiles)).toEqual([]);
  });
});

describe.each(Object.keys(TARGETS) as Target[])('kubectl kustomize %s', (target) => {
  const objects = () => objectsOf(target);

  it('renders objects that all belong to the energy namespace', () => {
    expect(objects().length).toBeGreaterThan(10);
    const namespaced = objects().filter((o) => o.kind !== 'Namespace');
    expect(namespaced.filter((o) => o.metadata.namespace !== 'energy').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
  });

  it('validates every object against the Kubernetes schemas', () => {
    expect(validateSchemas(objects())).toEqual([]);
  });

  it('uses no field the Kubernetes API does not know', () => {
    expect(checkUnknownFields(objects())).toEqual([]);
  });

  it('has Services that select existing pods on declared ports', () => {
    expect(checkServices(objects())).toEqual([]);
  });

  it('references only ConfigMaps, Secrets and keys that exist', () => {
    expect(checkReferences(objects())).toEqual([]);
  });

  it('gives every container probes, requests and limits, and a locked-down security context', () => {
    expect(checkContainers(objects())).toEqual([]);
  });

  it('points autoscalers, disruption budgets, ingresses and monitors at things that exist', () => {
    expect(checkTargets(objects())).toEqual([]);
  });

  it('uses the images the Dockerfiles build, with the ports they expose', () => {
    expect(checkImagesMatchDockerfiles(objects(), dockerfiles)).toEqual([]);
  });

  it("passes each service's own configuration validation, with matching MQTT credentials", () => {
    expect(checkServiceConfiguration(objects())).toEqual([]);
  });

  it('ships example Secrets with placeholder values only', () => {
    expect(checkSecretsArePlaceholders(shippedOf(target))).toEqual([]);
  });

  it('has NetworkPolicies that select existing pods and ports', () => {
    expect(checkNetworkPolicies(objects())).toEqual([]);
  });

  it('gives pods time to shut down gracefully', () => {
    for (const pod of podTemplates(objects())) expect(pod.spec.terminationGracePeriodSeconds ?? 30).toBeGreaterThanOrEqual(30);
    expect(podTemplates(objects()).find((p) => p.workload.metadata.name === 'ingest-service')?.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(60);
  });
});

describe('the site overlay', () => {
  const objects = () => objectsOf('site');

  it('runs one replica of each service', () => {
    for (const name of ['broker', 'ingest-service', 'alert-service', 'api-gateway', 'analytics-service']) {
      const workload = objects().find((o) => ['Deployment', 'StatefulSet'].includes(o.kind) && o.metadata.name === name);
      expect(workload?.spec.replicas).toBe(1);
    }
  });

  it('runs MariaDB as a StatefulSet with a persistent volume, and points DATABASE_URL at it', () => {
    const mysql = get(objects(), 'StatefulSet', 'mysql');
    expect(containersOf(podTemplates([mysql])[0])[0].image).toMatch(/^mariadb:/);
    expect(mysql.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBeDefined();
    expect(containersOf(podTemplates([mysql])[0])[0].volumeMounts).toContainEqual(expect.objectContaining({ name: mysql.spec.volumeClaimTemplates[0].metadata.name, mountPath: '/var/lib/mysql' }));
    expect(missingSecretNames(shippedOf('site'))).toContain('mysql');
    const secret = secretNamed(objectsOf('demo'), 'energy-database');
    expect(new URL(Buffer.from(secret?.data.DATABASE_URL, 'base64').toString()).hostname).toBe('mysql');
  });

  it('exposes the broker to devices', () => {
    const svc = get(objects(), 'Service', 'broker-devices');
    expect(['LoadBalancer', 'NodePort']).toContain(svc.spec.type);
    expect(svc.spec.ports.map((p: { port: number }) => p.port).sort()).toEqual([1883, 8083]);
  });

  it('needs no Redis', () => {
    expect(objects().filter((o) => /redis/i.test(JSON.stringify(o)))).toEqual([]);
  });

  describe('NetworkPolicies (issue 16)', () => {
    const device: Endpoint = { kind: 'external', ip: '203.0.113.10' };
    const person: Endpoint = { kind: 'external', ip: '192.0.2.44' };
    const callMeBot: Endpoint = { kind: 'external', ip: '198.51.100.7' };
    const prometheus: Endpoint = { kind: 'pod', namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } };
    const dns: Endpoint = { kind: 'pod', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
    const pod = (name: string) => podEndpoint(objects(), name);
    const flow = (from: Endpoint, to: Endpoint, port: number, protocol: 'TCP' | 'UDP' = 'TCP'): Flow => ({ from, to, port, protocol });

    it('select existing pods and ports', () => {
      expect(objects().filter((o) => o.kind === 'NetworkPolicy').length).toBeGreaterThan(0);
      expect(checkNetworkPolicies(objects())).toEqual([]);
    });

    it('open the paths the site needs', () => {
      const needed: [string, Flow][] = [
        ['device -> broker mqtt', flow(device, pod('broker'), 1883)],
        ['device -> broker mqtt-ws', flow(device, pod('broker'), 8083)],
        ['person -> gateway (through your proxy or a LoadBalancer)', flow(person, pod('api-gateway'), 8080)],
        ...['ingest-service', 'alert-service', 'api-gateway', 'analytics-service'].map((s): [string, Flow] => [`${s} -> broker`, flow(pod(s), pod('broker'), 1883)]),
        ...['broker', 'ingest-service', 'alert-service', 'api-gateway', 'analytics-service'].map((s): [string, Flow] => [`${s} -> MariaDB`, flow(pod(s), pod('mysql'), 3306)]),
        ['alert -> CallMeBot', flow(pod('alert-service'), callMeBot, 443)],
        ['prometheus -> broker', flow(prometheus, pod('broker'), 9101)],
        ['prometheus -> gateway ops', flow(prometheus, pod('api-gateway'), 9104)],
        ['prometheus -> analytics', flow(prometheus, pod('analytics-service'), 9105)],
        ...['broker', 'ingest-service', 'alert-service', 'api-gateway', 'analytics-service', 'mysql'].map((s): [string, Flow] => [`${s} -> DNS`, flow(pod(s), dns, 53, 'UDP')]),
      ];
      expect(needed.filter(([, f]) => !allowed(objects(), f)).map(([name]) => name)).toEqual([]);
    });

    it('close the others', () => {
      const forbidden: [string, Flow][] = [
        ['device -> MariaDB', flow(device, pod('mysql'), 3306)],
        ['device -> broker metrics', flow(device, pod('broker'), 9101)],
        ['device -> gateway ops port', flow(device, pod('api-gateway'), 9104)],
        ['device -> ingest metrics', flow(device, pod('ingest-service'), 9102)],
        ['gateway -> alert', flow(pod('api-gateway'), pod('alert-service'), 9103)],
        ['gateway -> analytics (it asks over the broker)', flow(pod('api-gateway'), pod('analytics-service'), 9105)],
        ['device -> analytics', flow(device, pod('analytics-service'), 9105)],
        ['analytics -> internet', flow(pod('analytics-service'), callMeBot, 443)],
        ['broker -> internet', flow(pod('broker'), callMeBot, 443)],
        ['ingest -> internet', flow(pod('ingest-service'), callMeBot, 443)],
        ['MariaDB -> internet', flow(pod('mysql'), callMeBot, 443)],
        ['gateway -> internet', flow(pod('api-gateway'), callMeBot, 443)],
      ];
      expect(forbidden.filter(([, f]) => allowed(objects(), f)).map(([name]) => name)).toEqual([]);
    });
  });
});

describe('the scaled overlay', () => {
  const objects = () => objectsOf('scaled');

  it('clusters several brokers over Redis', () => {
    const broker = get(objects(), 'Deployment', 'broker');
    expect(broker.spec.replicas).toBeGreaterThan(1);
    expect(containersOf(podTemplates([broker])[0])[0].env).toContainEqual(expect.objectContaining({ name: 'REDIS_URL' }));
    expect(kinds(objects().filter((o) => o.metadata.name === 'redis'))).toEqual(expect.arrayContaining(['StatefulSet', 'Service']));
  });

  it('scales the ingest with an autoscaler, its replicas sharing one subscription group', () => {
    const hpa = get(objects(), 'HorizontalPodAutoscaler', 'ingest-service');
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    const config = objects().find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('ingest-config-'));
    expect(config?.data.MQTT_SHARE_GROUP).toBe('ingest');
  });

  it('serves several gateway replicas behind an Ingress with TLS', () => {
    expect(get(objects(), 'Deployment', 'api-gateway').spec.replicas).toBeGreaterThan(1);
    const ingress = get(objects(), 'Ingress', 'api-gateway');
    expect(ingress.spec.tls[0].hosts).toEqual(ingress.spec.rules.map((r: { host: string }) => r.host));
  });

  it('has a disruption budget for every replicated service', () => {
    const budgets = objects().filter((o) => o.kind === 'PodDisruptionBudget').map((o) => o.spec.selector.matchLabels['app.kubernetes.io/name']);
    expect(budgets.sort()).toEqual(['api-gateway', 'broker', 'ingest-service']);
  });

  it('uses an external MySQL', () => {
    expect(objects().filter((o) => /mariadb|mysql:/.test(JSON.stringify(o.spec ?? {})))).toEqual([]);
    expect(missingSecretNames(shippedOf('scaled'))).not.toContain('mysql');
  });

  describe('NetworkPolicies', () => {
    const device: Endpoint = { kind: 'external', ip: '203.0.113.10' };
    const managedMysql: Endpoint = { kind: 'external', ip: '10.20.0.5' };
    const callMeBot: Endpoint = { kind: 'external', ip: '198.51.100.7' };
    const ingressController: Endpoint = { kind: 'pod', namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } };
    const prometheus: Endpoint = { kind: 'pod', namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } };
    const dns: Endpoint = { kind: 'pod', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
    const pod = (name: string) => podEndpoint(objects(), name);
    const flow = (from: Endpoint, to: Endpoint, port: number, protocol: 'TCP' | 'UDP' = 'TCP'): Flow => ({ from, to, port, protocol });

    it('open the paths the system needs', () => {
      const needed: [string, Flow][] = [
        ['device -> broker mqtt', flow(device, pod('broker'), 1883)],
        ['device -> broker mqtts', flow(device, pod('broker'), 8883)],
        ['device -> broker mqtt-ws', flow(device, pod('broker'), 8083)],
        ['ingest -> broker', flow(pod('ingest-service'), pod('broker'), 1883)],
        ['alert -> broker', flow(pod('alert-service'), pod('broker'), 1883)],
        ['gateway -> broker', flow(pod('api-gateway'), pod('broker'), 1883)],
        ['analytics -> broker', flow(pod('analytics-service'), pod('broker'), 1883)],
        ['broker -> redis', flow(pod('broker'), pod('redis'), 6379)],
        ...['broker', 'ingest-service', 'alert-service', 'api-gateway', 'analytics-service'].map((s): [string, Flow] => [`${s} -> MySQL`, flow(pod(s), managedMysql, 3306)]),
        ['alert -> CallMeBot', flow(pod('alert-service'), callMeBot, 443)],
        ['ingress controller -> gateway', flow(ingressController, pod('api-gateway'), 8080)],
        ['prometheus -> broker', flow(prometheus, pod('broker'), 9101)],
        ['prometheus -> ingest', flow(prometheus, pod('ingest-service'), 9102)],
        ['prometheus -> alert', flow(prometheus, pod('alert-service'), 9103)],
        ['prometheus -> gateway', flow(prometheus, pod('api-gateway'), 9104)],
        ['prometheus -> analytics', flow(prometheus, pod('analytics-service'), 9105)],
        ...['broker', 'ingest-service', 'alert-service', 'api-gateway', 'analytics-service', 'redis'].map((s): [string, Flow] => [`${s} -> DNS`, flow(pod(s), dns, 53, 'UDP')]),
      ];
      expect(needed.filter(([, f]) => !allowed(objects(), f)).map(([name]) => name)).toEqual([]);
    });

    it('close the others', () => {
      const forbidden: [string, Flow][] = [
        ['device -> broker metrics', flow(device, pod('broker'), 9101)],
        ['device -> gateway, past the Ingress', flow(device, pod('api-gateway'), 8080)],
        ['device -> ingest', flow(device, pod('ingest-service'), 9102)],
        ['device -> redis', flow(device, pod('redis'), 6379)],
        ['ingest -> redis', flow(pod('ingest-service'), pod('redis'), 6379)],
        ['gateway -> redis', flow(pod('api-gateway'), pod('redis'), 6379)],
        ['ingest -> gateway', flow(pod('ingest-service'), pod('api-gateway'), 8080)],
        ['gateway -> alert', flow(pod('api-gateway'), pod('alert-service'), 9103)],
        ['gateway -> analytics (it asks over the broker)', flow(pod('api-gateway'), pod('analytics-service'), 9105)],
        ['broker -> internet', flow(pod('broker'), callMeBot, 443)],
        ['ingest -> internet', flow(pod('ingest-service'), callMeBot, 443)],
        ['alert -> internet over plain HTTP', flow(pod('alert-service'), callMeBot, 80)],
        ['alert -> in-cluster address on 443', flow(pod('alert-service'), { kind: 'external', ip: '10.0.0.1' }, 443)],
        ['redis -> MySQL', flow(pod('redis'), managedMysql, 3306)],
        ['ingress controller -> broker metrics', flow(ingressController, pod('broker'), 9101)],
        ['ingress controller -> gateway ops port', flow(ingressController, pod('api-gateway'), 9104)],
        ['prometheus -> gateway public port', flow(prometheus, pod('api-gateway'), 8080)],
      ];
      expect(forbidden.filter(([, f]) => allowed(objects(), f)).map(([name]) => name)).toEqual([]);
    });
  });
});

describe('operations endpoints off the public port (issue 16)', () => {
  it.each(Object.keys(TARGETS) as Target[])('%s runs the gateway with OPS_PORT, probes and scrapes it there, and routes the Ingress to the public port only', (target) => {
    const objects = objectsOf(target);
    const gateway = podTemplates(objects).find((p) => p.workload.metadata.name === 'api-gateway')!;
    const container = containersOf(gateway)[0];
    const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('gateway-config-')) as K8sObject;
    expect(config.data.OPS_PORT).toBe('9104');
    expect(container.ports).toContainEqual({ name: 'ops', containerPort: 9104 });
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) expect(container[probe].httpGet.port).toBe('ops');
    for (const ingress of objects.filter((o) => o.kind === 'Ingress')) {
      for (const rule of ingress.spec.rules) for (const path of rule.http.paths) expect(path.backend.service.port).toEqual({ name: 'http' });
    }
    const monitor = objects.find((o) => o.kind === 'ServiceMonitor' && o.metadata.name === 'api-gateway');
    if (monitor) expect(monitor.spec.endpoints.map((e: { port: string }) => e.port)).toEqual(['ops']);
  });
});

describe('MQTT over TLS only for devices (issue 16)', () => {
  const tlsTargets: Target[] = ['site with every component', 'scaled with mqtt-tls and service-monitor'];

  it.each(tlsTargets)('%s exposes only the TLS ports to devices, and keeps plaintext for the services inside', (target) => {
    const objects = objectsOf(target);
    expect(get(objects, 'Service', 'broker-devices').spec.ports.map((p: { port: number }) => p.port).sort()).toEqual([8084, 8883]);
    expect(get(objects, 'Service', 'broker').spec.ports.map((p: { port: number }) => p.port)).toEqual(expect.arrayContaining([1883, 8883, 8084]));
  });

  it.each(tlsTargets)('%s lets devices reach only the TLS ports through its NetworkPolicies, and the services plaintext', (target) => {
    const objects = objectsOf(target);
    const device: Endpoint = { kind: 'external', ip: '203.0.113.10' };
    const broker = podEndpoint(objects, 'broker');
    const flow = (from: Endpoint, port: number): Flow => ({ from, to: broker, port, protocol: 'TCP' });
    expect([8883, 8084].map((port) => allowed(objects, flow(device, port)))).toEqual([true, true]);
    expect([1883, 8083].map((port) => allowed(objects, flow(device, port)))).toEqual([false, false]);
    expect(['ingest-service', 'alert-service', 'api-gateway', 'analytics-service'].map((s) => allowed(objects, flow(podEndpoint(objects, s), 1883)))).toEqual([true, true, true, true]);
  });
});

describe('credentials (issue 16)', () => {
  const configMapsSay = (objects: K8sObject[], key: string) => objects.filter((o) => o.kind === 'ConfigMap' && key in (o.data ?? {})).map((o) => o.metadata.name);

  it.each(['site', 'scaled', 'site with every component', 'scaled with mqtt-tls and service-monitor'] as Target[])('%s ships no Secret and no example-secret opt-in: the operator creates them', (target) => {
    expect(shippedOf(target).filter((o) => o.kind === 'Secret').map((o) => o.metadata.name)).toEqual([]);
    expect(configMapsSay(shippedOf(target), 'ALLOW_EXAMPLE_SECRETS')).toEqual([]);
    expect(missingSecretNames(shippedOf(target))).toEqual(expect.arrayContaining(['energy-database', 'gateway-auth', 'mqtt-service-accounts']));
  });

  it('keeps the example credentials in the demo overlay, which says so with ALLOW_EXAMPLE_SECRETS', () => {
    const demo = shippedOf('demo');
    expect(missingSecretNames(demo)).toEqual([]);
    const common = demo.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('energy-common-')) as K8sObject;
    expect(common.data.ALLOW_EXAMPLE_SECRETS).toBe('true');
  });

  it('has every service refuse the example credentials without that opt-in, naming the variable', () => {
    const objects = clone(objectsOf('demo'));
    const common = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('energy-common-')) as K8sObject;
    delete common.data.ALLOW_EXAMPLE_SECRETS;
    const problems = checkServiceConfiguration(objects).join('\n');
    for (const [service, variable] of [
      ['broker', 'MQTT_SERVICE_PASSWORD_INGEST'],
      ['ingest-service', 'MQTT_PASSWORD'],
      ['alert-service', 'CALLMEBOT_API_KEY'],
      ['api-gateway', 'ADMIN_PASSWORD'],
      ['api-gateway', 'SESSION_SECRET'],
      ['api-gateway', 'DATABASE_URL'],
    ]) {
      expect(problems).toMatch(new RegExp(`${service} [a-z]+: the service would refuse to start: [\\s\\S]*${variable}: [^\\n]*example value`));
    }
  });
});

describe('the checks catch broken manifests', () => {
  const site = () => clone(objectsOf('site'));
  const scaled = () => clone(objectsOf('scaled'));
  const podSpec = (objects: K8sObject[], kind: string, name: string) => get(objects, kind, name).spec.template.spec;

  it('a Service whose selector matches no pod', () => {
    const objects = site();
    get(objects, 'Service', 'broker').spec.selector = { 'app.kubernetes.io/name': 'brokr' };
    expect(checkServices(objects)).toEqual([expect.stringContaining('Service/energy/broker: selector')]);
  });

  it('a Service port that targets an undeclared container port', () => {
    const objects = site();
    get(objects, 'Service', 'api-gateway').spec.ports[0].targetPort = 'web';
    expect(checkServices(objects)).toEqual([expect.stringContaining('targets web')]);
  });

  it('a missing Secret, a missing key and a missing ConfigMap', () => {
    const objects = site();
    const gateway = podSpec(objects, 'Deployment', 'api-gateway').containers[0];
    gateway.envFrom.find((f: { secretRef?: { name: string } }) => f.secretRef?.name === 'gateway-auth').secretRef.name = 'gateway-auths';
    gateway.env.find((e: { name: string }) => e.name === 'MQTT_PASSWORD').valueFrom.secretKeyRef.key = 'MQTT_SERVICE_PASSWORD_GATEWAYS';
    podSpec(objects, 'Deployment', 'broker').containers[0].envFrom[0].configMapRef.name = 'energy-commons';
    const problems = checkReferences(objects);
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringContaining('Secret gateway-auths does not exist'), expect.stringContaining('no key MQTT_SERVICE_PASSWORD_GATEWAYS'), expect.stringContaining('ConfigMap energy-commons does not exist')]),
    );
  });

  it('a container without a probe, limits, or a read-only root filesystem', () => {
    const objects = site();
    const ingest = podSpec(objects, 'StatefulSet', 'ingest-service').containers[0];
    delete ingest.readinessProbe;
    delete ingest.resources.limits;
    ingest.securityContext.readOnlyRootFilesystem = false;
    podSpec(objects, 'Deployment', 'broker').containers[0].livenessProbe.httpGet.path = '/';
    expect(checkContainers(objects)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('ingest: no readinessProbe'),
        expect.stringContaining('ingest: no cpu limit'),
        expect.stringContaining('ingest: readOnlyRootFilesystem is not true'),
        expect.stringContaining('broker: livenessProbe must GET /health'),
      ]),
    );
  });

  it('a pod that may run as root', () => {
    const objects = site();
    delete podSpec(objects, 'StatefulSet', 'mysql').securityContext.runAsNonRoot;
    expect(checkContainers(objects)).toEqual([expect.stringContaining('mariadb: runAsNonRoot is not true')]);
  });

  it('an object that breaks the Kubernetes schema', () => {
    const objects = site();
    podSpec(objects, 'Deployment', 'broker').containers[0].ports[0].containerPort = '1883';
    delete get(objects, 'Service', 'mysql').spec.ports[0].port;
    objects.push({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'energy' } });
    expect(validateSchemas(objects)).toEqual([
      expect.stringMatching(/Service\/energy\/mysql: .*must have required property port/),
      expect.stringMatching(/Deployment\/energy\/broker: .*containerPort must be integer/),
      'Widget/energy/w: no schema for example.com/v1 Widget',
    ]);
  });

  it('a misspelt field', () => {
    const objects = site();
    const spec = podSpec(objects, 'StatefulSet', 'ingest-service');
    spec.terminationGracePeriodSecond = spec.terminationGracePeriodSeconds;
    spec.containers[0].readinesProbe = spec.containers[0].readinessProbe;
    get(objects, 'Service', 'broker-devices').spec.externalTraficPolicy = 'Local';
    expect(checkUnknownFields(objects)).toEqual([
      'Service/energy/broker-devices: unknown field spec.externalTraficPolicy',
      'StatefulSet/energy/ingest-service: unknown field spec.template.spec.containers[0].readinesProbe',
      'StatefulSet/energy/ingest-service: unknown field spec.template.spec.terminationGracePeriodSecond',
    ]);
  });

  it('an autoscaler, a disruption budget and an Ingress with missing targets', () => {
    const objects = scaled();
    get(objects, 'HorizontalPodAutoscaler', 'ingest-service').spec.scaleTargetRef.kind = 'Deployment';
    get(objects, 'PodDisruptionBudget', 'broker').spec.selector.matchLabels['app.kubernetes.io/name'] = 'mqtt';
    get(objects, 'Ingress', 'api-gateway').spec.rules[0].http.paths[0].backend.service.name = 'gateway';
    expect(checkTargets(objects)).toEqual([
      expect.stringContaining('scale target apps/v1 Deployment/ingest-service does not exist'),
      expect.stringContaining('PodDisruptionBudget/energy/broker: selector matches no pod'),
      expect.stringContaining('backend Service gateway does not exist'),
    ]);
  });

  it('a disruption budget that would block node drains, and replicas fighting the autoscaler', () => {
    const objects = scaled();
    get(objects, 'PodDisruptionBudget', 'api-gateway').spec = { minAvailable: 3, selector: { matchLabels: { 'app.kubernetes.io/name': 'api-gateway' } } };
    get(objects, 'StatefulSet', 'ingest-service').spec.replicas = 2;
    expect(checkTargets(objects)).toEqual([expect.stringContaining('sets spec.replicas'), expect.stringContaining('PodDisruptionBudget/energy/api-gateway: with 3 replica(s) it would block every node drain')]);
  });

  it('an image that no Dockerfile builds, and a port the image does not expose', () => {
    const objects = site();
    podSpec(objects, 'Deployment', 'alert-service').containers[0].image = 'ghcr.io/smart-energy-monitor/alerts:0.1.0';
    podSpec(objects, 'Deployment', 'api-gateway').containers[0].ports.push({ name: 'debug', containerPort: 9229 });
    expect(checkImagesMatchDockerfiles(objects, dockerfiles)).toEqual([
      expect.stringContaining('image ghcr.io/smart-energy-monitor/alerts is built by no Dockerfile'),
      expect.stringContaining('port 9229 is not EXPOSEd in Dockerfile (SERVICE=api-gateway)'),
      'Dockerfile (SERVICE=alert-service): image ghcr.io/smart-energy-monitor/alert-service is used by no workload',
    ]);
  });

  it('a Dockerfile that misses a workspace or runs as root', () => {
    const [broker] = dockerfiles.map(clone);
    broker.copied = broker.copied.filter((c) => c !== 'libs/db/package.json');
    broker.user = 'root';
    expect(checkDockerfiles([broker])).toEqual([expect.stringContaining('does not COPY libs/db/package.json'), 'Dockerfile (SERVICE=broker): no non-root USER']);
  });

  it('a COPY of something .dockerignore leaves out of the build context (a re-included file is fine)', () => {
    const [broker] = dockerfiles.map(clone);
    const ignore = readDockerignore();
    expect(checkDockerfiles([broker], [...ignore, 'libs/db'])).toEqual(['Dockerfile (SERVICE=broker): COPY libs/db/package.json, which .dockerignore leaves out of the build context']);
    expect(checkDockerfiles([broker], ignore.filter((p) => p !== '!firmware-arduino/sim/package.json'))).toEqual([
      'Dockerfile (SERVICE=broker): COPY firmware-arduino/sim/package.json, which .dockerignore leaves out of the build context',
    ]);
    expect(dockerIgnores(['**/test'], 'broker/test/x.ts')).toBe(true);
    expect(dockerIgnores(['**/*.spec.ts'], 'libs/db/src/a.spec.ts')).toBe(true);
    expect(dockerIgnores(['**/*.spec.ts'], 'libs/db/src/a.ts')).toBe(false);
  });

  it("a service stage that runs another service's entry point, and a SERVICE without a stage", () => {
    const text = readFileSync(join(REPO_ROOT, DOCKERFILE), 'utf8');
    const swapped = parseDockerfile(text.replace('CMD ["node", "tools/run-ts.cjs", "alert-service/src/main.ts"]', 'CMD ["node", "tools/run-ts.cjs", "ingest-service/src/main.ts"]'), 'alert-service');
    expect(checkDockerfiles([swapped])).toEqual(['Dockerfile (SERVICE=alert-service): runs ingest-service/src/main.ts, not alert-service/src/main.ts']);
    expect(checkDockerfiles([parseDockerfile(text, 'dashboard-angular')])).toEqual(
      expect.arrayContaining([expect.stringContaining('Dockerfile (SERVICE=dashboard-angular): CMD must be')]),
    );
  });

  it('puts the dashboard in the gateway image only, and the simulator in the broker image only', () => {
    const copiedBy = (service: string) => dockerfiles.find((d) => d.service === service)!.copied;
    expect(copiedBy('api-gateway')).toContain('dashboard-angular');
    expect(copiedBy('broker')).toContain('tools/device-simulator');
    for (const service of SERVICES.filter((s) => s !== 'api-gateway')) expect({ service, copied: copiedBy(service) }).not.toEqual({ service, copied: expect.arrayContaining(['dashboard-angular']) });
    for (const service of SERVICES.filter((s) => s !== 'broker')) expect({ service, copied: copiedBy(service) }).not.toEqual({ service, copied: expect.arrayContaining(['tools/device-simulator']) });
  });

  it('a configuration the service would refuse, and a client with the wrong MQTT password', () => {
    const objects = site();
    const gatewayAuth = secretNamed(objects, 'gateway-auth');
    gatewayAuth.data.SESSION_SECRET = Buffer.from('too-short').toString('base64');
    podSpec(objects, 'Deployment', 'alert-service').containers[0].env.find((e: { name: string }) => e.name === 'MQTT_PASSWORD').valueFrom.secretKeyRef.key = 'MQTT_SERVICE_PASSWORD_INGEST';
    expect(checkServiceConfiguration(objects)).toEqual([
      expect.stringMatching(/alert-service alert: MQTT_PASSWORD is not the broker's password for alert/),
      expect.stringMatching(/api-gateway gateway: the service would refuse to start: [\s\S]*SESSION_SECRET: must be at least 32 characters/),
    ]);
  });

  it('a service left without DATABASE_URL', () => {
    const objects = site();
    const gateway = podSpec(objects, 'Deployment', 'api-gateway').containers[0];
    gateway.envFrom = gateway.envFrom.filter((f: { secretRef?: { name: string } }) => f.secretRef?.name !== 'energy-database');
    expect(checkServiceConfiguration(objects)).toEqual([expect.stringContaining('api-gateway gateway: no DATABASE_URL')]);
  });

  it('a real-looking credential in an example Secret', () => {
    const objects = clone(shippedOf('demo'));
    const secret = secretNamed(objects, 'mqtt-service-accounts');
    secret.data.MQTT_SERVICE_PASSWORD_INGEST = Buffer.from('hunter2hunter2').toString('base64');
    expect(checkSecretsArePlaceholders(objects)).toEqual([expect.stringContaining('MQTT_SERVICE_PASSWORD_INGEST does not look like an example value')]);
  });

  it('a NetworkPolicy that selects nothing, and one that leaves a needed path closed', () => {
    const objects = scaled();
    get(objects, 'NetworkPolicy', 'redis').spec.ingress[0].from[0].podSelector.matchLabels['app.kubernetes.io/name'] = 'brokers';
    expect(checkNetworkPolicies(objects)).toEqual([expect.stringContaining('NetworkPolicy/redis: ingress peer')]);
    expect(allowed(objects, { from: podEndpoint(objects, 'broker'), to: podEndpoint(objects, 'redis'), port: 6379 })).toBe(false);
  });
});
