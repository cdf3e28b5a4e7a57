import { containersOf, id, mapSelects, podTemplates, resolvePort, selectorMatches, type K8sObject, type PodTemplate, type Yaml } from './render';

const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const ns = (o: K8sObject) => o.metadata.namespace ?? 'default';
const find = (objects: K8sObject[], kind: string, namespace: string, name: string) =>
  objects.find((o) => o.kind === kind && ns(o) === namespace && o.metadata.name === name);

/** Every Service selects at least one pod template, and each of its target ports exists on those pods. */
export function checkServices(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  const pods = podTemplates(objects);
  for (const svc of byKind(objects, 'Service')) {
    const selected = pods.filter((p) => p.namespace === ns(svc) && mapSelects(svc.spec?.selector, p.labels));
    if (selected.length === 0) {
      problems.push(`${id(svc)}: selector ${JSON.stringify(svc.spec?.selector ?? {})} matches no pod`);
      continue;
    }
    for (const port of svc.spec.ports ?? []) {
      const target = port.targetPort ?? port.port;
      for (const pod of selected) {
        if (!resolvePort(pod, target, port.protocol ?? 'TCP')) problems.push(`${id(svc)}: port ${port.name ?? port.port} targets ${target}, which ${id(pod.workload)} does not declare`);
      }
    }
  }
  return problems;
}

/** Secrets that exist once the cluster's controllers have run: cert-manager fills these in. */
function secretsProvidedByControllers(objects: K8sObject[]): Set<string> {
  const names = new Set<string>();
  for (const cert of objects.filter((o) => o.kind === 'Certificate')) names.add(`${ns(cert)}/${cert.spec.secretName}`);
  for (const ing of byKind(objects, 'Ingress')) {
    const annotations = ing.metadata.annotations ?? {};
    if (annotations['cert-manager.io/cluster-issuer'] || annotations['cert-manager.io/issuer']) {
      for (const tls of ing.spec?.tls ?? []) names.add(`${ns(ing)}/${tls.secretName}`);
    }
  }
  return names;
}

/** Every ConfigMap and Secret a pod or an Ingress names exists, and so does every key it picks. */
export function checkReferences(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  const external = secretsProvidedByControllers(objects);
  const lookup = (kind: 'ConfigMap' | 'Secret', namespace: string, name: string, key: string | undefined, optional: boolean, where: string) => {
    if (optional) return;
    const found = find(objects, kind, namespace, name);
    if (!found) {
      if (kind === 'Secret' && external.has(`${namespace}/${name}`)) return;
      problems.push(`${where}: ${kind} ${name} does not exist`);
      return;
    }
    if (key !== undefined && !(key in (found.data ?? {})) && !(key in (found.stringData ?? {}))) problems.push(`${where}: ${kind} ${name} has no key ${key}`);
  };
  for (const pod of podTemplates(objects)) {
    const where = id(pod.workload);
    for (const c of containersOf(pod)) {
      for (const from of c.envFrom ?? []) {
        if (from.configMapRef) lookup('ConfigMap', pod.namespace, from.configMapRef.name, undefined, !!from.configMapRef.optional, `${where} ${c.name}`);
        if (from.secretRef) lookup('Secret', pod.namespace, from.secretRef.name, undefined, !!from.secretRef.optional, `${where} ${c.name}`);
      }
      for (const env of c.env ?? []) {
        const cm = env.valueFrom?.configMapKeyRef;
        const sk = env.valueFrom?.secretKeyRef;
        if (cm) lookup('ConfigMap', pod.namespace, cm.name, cm.key, !!cm.optional, `${where} ${c.name} env ${env.name}`);
        if (sk) lookup('Secret', pod.namespace, sk.name, sk.key, !!sk.optional, `${where} ${c.name} env ${env.name}`);
      }
    }
    for (const v of pod.spec.volumes ?? []) {
      if (v.configMap) lookup('ConfigMap', pod.namespace, v.configMap.name, undefined, !!v.configMap.optional, `${where} volume ${v.name}`);
      if (v.secret) lookup('Secret', pod.namespace, v.secret.secretName, undefined, !!v.secret.optional, `${where} volume ${v.name}`);
    }
  }
  for (const ing of byKind(objects, 'Ingress')) {
    for (const tls of ing.spec?.tls ?? []) lookup('Secret', ns(ing), tls.secretName, undefined, false, id(ing));
  }
  return problems;
}

const APP_IMAGE_PREFIX = 'ghcr.io/smart-energy-monitor/';
export const isAppContainer = (c: Yaml) => typeof c.image === 'string' && c.image.startsWith(APP_IMAGE_PREFIX);

/** Kubernetes quantities, enough to compare requests with limits. */
export function quantity(value: string | number): number {
  if (typeof value === 'number') return value;
  const m = /^([0-9.]+)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(value);
  if (!m) return Number.NaN;
  const scale: Record<string, number> = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
  return Number(m[1]) * (m[2] ? scale[m[2]] : 1);
}

/**
 * Every container: liveness and readiness probes, CPU and memory requests and limits, non-root,
 * read-only root filesystem, no privilege escalation, no capabilities. Our own services' probes are
 * HTTP GETs of /health on a declared port, and they get a writable /tmp.
 */
export function checkContainers(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const pod of podTemplates(objects)) {
    for (const c of containersOf(pod)) {
      const where = `${id(pod.workload)} container ${c.name}`;
      const sc = c.securityContext ?? {};
      const podSc = pod.spec.securityContext ?? {};
      for (const probe of ['livenessProbe', 'readinessProbe'] as const) {
        const p = c[probe];
        if (!p) {
          problems.push(`${where}: no ${probe}`);
          continue;
        }
        if (isAppContainer(c)) {
          if (p.httpGet?.path !== '/health') problems.push(`${where}: ${probe} must GET /health`);
          else if (!resolvePort(pod, p.httpGet.port)) problems.push(`${where}: ${probe} port ${p.httpGet.port} is not a declared container port`);
        }
      }
      for (const resource of ['cpu', 'memory']) {
        const request = c.resources?.requests?.[resource];
        const limit = c.resources?.limits?.[resource];
        if (request === undefined) problems.push(`${where}: no ${resource} request`);
        if (limit === undefined) problems.push(`${where}: no ${resource} limit`);
        if (request !== undefined && limit !== undefined && !(quantity(request) <= quantity(limit))) problems.push(`${where}: ${resource} request ${request} exceeds limit ${limit}`);
      }
      if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) problems.push(`${where}: runAsNonRoot is not true`);
      if ((sc.runAsUser ?? podSc.runAsUser) === 0) problems.push(`${where}: runs as uid 0`);
      if (sc.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem is not true`);
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) problems.push(`${where}: capabilities are not all dropped`);
      if (sc.privileged) problems.push(`${where}: privileged`);
      if (isAppContainer(c)) {
        // swc's transform cache goes to os.tmpdir(); a read-only /tmp would fail at start-up.
        const tmp = (c.volumeMounts ?? []).find((m: Yaml) => m.mountPath === '/tmp');
        const volume = tmp && (pod.spec.volumes ?? []).find((v: Yaml) => v.name === tmp.name);
        if (!volume?.emptyDir) problems.push(`${where}: no emptyDir mounted at /tmp`);
      }
    }
    if (pod.spec.automountServiceAccountToken !== false) problems.push(`${id(pod.workload)}: mounts a service account token it does not need`);
  }
  return problems;
}

/** Replicas a workload runs with: the HPA's minimum when one scales it, else spec.replicas (default 1). */
function minReplicas(objects: K8sObject[], workload: K8sObject): number {
  const hpa = byKind(objects, 'HorizontalPodAutoscaler').find(
    (h) => ns(h) === ns(workload) && h.spec.scaleTargetRef.kind === workload.kind && h.spec.scaleTargetRef.name === workload.metadata.name,
  );
  return hpa ? (hpa.spec.minReplicas ?? 1) : (workload.spec.replicas ?? 1);
}

/** HPAs, PDBs and Ingresses point at things that exist, and a PDB never blocks a node drain for good. */
export function checkTargets(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  const pods = podTemplates(objects);
  for (const hpa of byKind(objects, 'HorizontalPodAutoscaler')) {
    const ref = hpa.spec.scaleTargetRef;
    const target = find(objects, ref.kind, ns(hpa), ref.name);
    if (!target || target.apiVersion !== ref.apiVersion) {
      problems.push(`${id(hpa)}: scale target ${ref.apiVersion} ${ref.kind}/${ref.name} does not exist`);
      continue;
    }
    if (target.spec.replicas !== undefined) problems.push(`${id(hpa)}: ${id(target)} sets spec.replicas, which every apply would reset under the autoscaler`);
    const usesCpu = (hpa.spec.metrics ?? []).some((m: Yaml) => m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.target?.type === 'Utilization');
    const pod = pods.find((p) => p.workload === target) as PodTemplate;
    if (usesCpu && !containersOf(pod).every((c) => c.resources?.requests?.cpu)) problems.push(`${id(hpa)}: CPU utilization needs a CPU request on every container of ${id(target)}`);
    if ((hpa.spec.minReplicas ?? 1) > hpa.spec.maxReplicas) problems.push(`${id(hpa)}: minReplicas exceeds maxReplicas`);
  }
  for (const pdb of byKind(objects, 'PodDisruptionBudget')) {
    const covered = pods.filter((p) => p.namespace === ns(pdb) && selectorMatches(pdb.spec.selector, p.labels));
    if (covered.length === 0) {
      problems.push(`${id(pdb)}: selector matches no pod`);
      continue;
    }
    const replicas = covered.reduce((sum, p) => sum + minReplicas(objects, p.workload), 0);
    const { minAvailable, maxUnavailable } = pdb.spec;
    const blocks = (typeof minAvailable === 'number' && minAvailable >= replicas) || minAvailable === '100%' || maxUnavailable === 0 || maxUnavailable === '0%';
    if (blocks) problems.push(`${id(pdb)}: with ${replicas} replica(s) it would block every node drain`);
  }
  for (const ing of byKind(objects, 'Ingress')) {
    for (const rule of ing.spec?.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const backend = path.backend?.service;
        const svc = backend && find(objects, 'Service', ns(ing), backend.name);
        if (!svc) {
          problems.push(`${id(ing)}: backend Service ${backend?.name} does not exist`);
          continue;
        }
        const port = backend.port?.name ?? backend.port?.number;
        if (!(svc.spec.ports ?? []).some((p: Yaml) => p.name === port || p.port === port)) problems.push(`${id(ing)}: Service ${svc.metadata.name} has no port ${port}`);
      }
    }
  }
  for (const sm of objects.filter((o) => o.kind === 'ServiceMonitor')) {
    const services = byKind(objects, 'Service').filter((s) => ns(s) === ns(sm) && selectorMatches(sm.spec.selector, s.metadata.labels ?? {}));
    if (services.length === 0) problems.push(`${id(sm)}: selects no Service`);
    for (const endpoint of sm.spec.endpoints ?? []) {
      if (!services.some((s) => (s.spec.ports ?? []).some((p: Yaml) => p.name === endpoint.port))) problems.push(`${id(sm)}: no selected Service has a port named ${endpoint.port}`);
    }
  }
  return problems;
}

/** Example Secrets hold placeholders only: every value says "example" (or is a fictional +1 555 555 01xx number). */
export function checkSecretsArePlaceholders(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const secret of byKind(objects, 'Secret')) {
    for (const [key, encoded] of Object.entries<string>(secret.data ?? {})) {
      const value = Buffer.from(encoded, 'base64').toString('utf8');
      const placeholder = /example/i.test(value) || /^\+155555501\d\d$/.test(value) || (/^(MARIADB_DATABASE|MARIADB_USER)$/.test(key) && /^[a-z]+$/.test(value));
      if (!placeholder) problems.push(`${id(secret)}: ${key} does not look like an example value; real credentials never go in the repository`);
    }
  }
  return problems;
}
