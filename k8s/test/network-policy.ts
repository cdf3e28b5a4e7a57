import { podTemplates, resolvePort, selectorMatches, type K8sObject, type Labels, type LabelSelector, type PodTemplate, type Yaml } from './render';

/**
 * A small NetworkPolicy evaluator (networking.k8s.io/v1 semantics), enough to check that the paths
 * the system needs are open and the others closed. A pod is isolated for a direction when a policy of
 * that type selects it; then a connection needs a rule that matches the peer and the port.
 */
export type Endpoint =
  | { kind: 'pod'; namespace: string; labels: Labels; pod?: PodTemplate }
  | { kind: 'external'; ip: string };

export interface Flow {
  from: Endpoint;
  to: Endpoint;
  port: number;
  protocol?: 'TCP' | 'UDP';
}

const namespaceLabels = (namespace: string): Labels => ({ 'kubernetes.io/metadata.name': namespace });

function ipInCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const toInt = (a: string) => a.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const mask = Number(bits) === 0 ? 0 : 2 ** 32 - 2 ** (32 - Number(bits));
  const masked = (n: number) => Number((BigInt(n) & BigInt(mask)).toString());
  return masked(toInt(ip)) === masked(toInt(base));
}

function peerMatches(peer: Yaml, policyNamespace: string, endpoint: Endpoint): boolean {
  if (peer.ipBlock) {
    return endpoint.kind === 'external' && ipInCidr(endpoint.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c: string) => ipInCidr(endpoint.ip, c));
  }
  if (endpoint.kind !== 'pod') return false;
  const nsOk = peer.namespaceSelector ? selectorMatches(peer.namespaceSelector as LabelSelector, namespaceLabels(endpoint.namespace)) : endpoint.namespace === policyNamespace;
  const podOk = peer.podSelector ? selectorMatches(peer.podSelector as LabelSelector, endpoint.labels) : true;
  return nsOk && podOk;
}

/** Named ports resolve against the destination pod, as the API defines. */
function portMatches(rulePorts: Yaml[] | undefined, flow: Flow): boolean {
  if (!rulePorts || rulePorts.length === 0) return true;
  const protocol = flow.protocol ?? 'TCP';
  return rulePorts.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'number') return p.endPort ? flow.port >= p.port && flow.port <= p.endPort : flow.port === p.port;
    const dst = flow.to.kind === 'pod' ? flow.to.pod : undefined;
    return !!dst && resolvePort(dst, p.port, protocol)?.containerPort === flow.port;
  });
}

function policiesFor(policies: K8sObject[], endpoint: Endpoint, type: 'Ingress' | 'Egress'): K8sObject[] {
  if (endpoint.kind !== 'pod') return [];
  return policies.filter((p) => {
    const types: string[] = p.spec.policyTypes ?? (p.spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
    return (p.metadata.namespace ?? 'default') === endpoint.namespace && types.includes(type) && selectorMatches(p.spec.podSelector, endpoint.labels);
  });
}

export function allowed(objects: K8sObject[], flow: Flow): boolean {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const egress = policiesFor(policies, flow.from, 'Egress');
  const egressOk =
    egress.length === 0 ||
    egress.some((p) => (p.spec.egress ?? []).some((r: Yaml) => (!r.to || r.to.some((peer: Yaml) => peerMatches(peer, p.metadata.namespace ?? 'default', flow.to))) && portMatches(r.ports, flow)));
  const ingress = policiesFor(policies, flow.to, 'Ingress');
  const ingressOk =
    ingress.length === 0 ||
    ingress.some((p) => (p.spec.ingress ?? []).some((r: Yaml) => (!r.from || r.from.some((peer: Yaml) => peerMatches(peer, p.metadata.namespace ?? 'default', flow.from))) && portMatches(r.ports, flow)));
  return egressOk && ingressOk;
}

/** The pod template of a workload, as a flow endpoint. */
export function podEndpoint(objects: K8sObject[], workloadName: string): Endpoint {
  const pod = podTemplates(objects).find((p) => p.workload.metadata.name === workloadName);
  if (!pod) throw new Error(`no workload ${workloadName}`);
  return { kind: 'pod', namespace: pod.namespace, labels: pod.labels, pod };
}

/** Every policy selects pods that exist, and every named port it opens exists on the pods it protects. */
export function checkNetworkPolicies(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  const pods = podTemplates(objects);
  for (const np of objects.filter((o) => o.kind === 'NetworkPolicy')) {
    const selected = pods.filter((p) => p.namespace === (np.metadata.namespace ?? 'default') && selectorMatches(np.spec.podSelector, p.labels));
    if (selected.length === 0) problems.push(`NetworkPolicy/${np.metadata.name}: selects no pod`);
    for (const rule of np.spec.ingress ?? []) {
      for (const p of rule.ports ?? []) {
        if (typeof p.port === 'string' && !selected.every((pod) => resolvePort(pod, p.port, p.protocol ?? 'TCP'))) problems.push(`NetworkPolicy/${np.metadata.name}: named port ${p.port} is missing on a selected pod`);
      }
      for (const peer of rule.from ?? []) {
        if (peer.podSelector && !peer.namespaceSelector && !pods.some((pod) => pod.namespace === np.metadata.namespace && selectorMatches(peer.podSelector, pod.labels))) {
          problems.push(`NetworkPolicy/${np.metadata.name}: ingress peer ${JSON.stringify(peer.podSelector)} matches no pod`);
        }
      }
    }
    for (const rule of np.spec.egress ?? []) {
      for (const peer of rule.to ?? []) {
        if (peer.podSelector && !peer.namespaceSelector && !pods.some((pod) => pod.namespace === np.metadata.namespace && selectorMatches(peer.podSelector, pod.labels))) {
          problems.push(`NetworkPolicy/${np.metadata.name}: egress peer ${JSON.stringify(peer.podSelector)} matches no pod`);
        }
      }
    }
  }
  return problems;
}
