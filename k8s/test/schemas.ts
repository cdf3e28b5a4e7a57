import { id, type K8sObject } from './render';

/**
 * Offline validation against the Kubernetes OpenAPI schemas compiled into kubernetes-models
 * (types, required fields, enums, formats). apps/v1 Deployment -> kubernetes-models/apps/v1.
 */
function modelFor(apiVersion: string, kind: string): { new (data: unknown): { validate(): void } } | undefined {
  const modulePath = `kubernetes-models/${apiVersion}`;
  try {
    const models = require(modulePath) as Record<string, unknown>;
    const model = models[kind];
    return typeof model === 'function' ? (model as { new (data: unknown): { validate(): void } }) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Custom resources have no schema in kubernetes-models (@kubernetes-models/cert-manager and
 * @kubernetes-models/prometheus-operator would have them). These hand checks hold what our manifests
 * rely on; any other unknown kind is an error, so a new CRD gets a check before it is used.
 */
const CUSTOM_RESOURCES: Record<string, (o: K8sObject) => string[]> = {
  'cert-manager.io/v1/Certificate': (o) => [
    ...(typeof o.spec?.secretName === 'string' ? [] : ['spec.secretName is required']),
    ...(o.spec?.issuerRef?.name ? [] : ['spec.issuerRef.name is required']),
    ...(['Issuer', 'ClusterIssuer', undefined].includes(o.spec?.issuerRef?.kind) ? [] : ['spec.issuerRef.kind must be Issuer or ClusterIssuer']),
    ...(Array.isArray(o.spec?.dnsNames) && o.spec.dnsNames.length > 0 ? [] : ['spec.dnsNames must list the names devices connect to']),
  ],
  'monitoring.coreos.com/v1/ServiceMonitor': (o) => [
    ...(o.spec?.selector && typeof o.spec.selector === 'object' ? [] : ['spec.selector is required']),
    ...(Array.isArray(o.spec?.endpoints) && o.spec.endpoints.length > 0 ? [] : ['spec.endpoints must not be empty']),
    ...(o.spec?.endpoints ?? [])
      .filter((e: { port?: unknown }) => typeof e.port !== 'string')
      .map((_: unknown, i: number) => `spec.endpoints[${i}].port must name a Service port`),
  ],
};

/**
 * kustomize wraps long base64 values over several lines. The API server decodes them with Go's base64,
 * which skips line breaks, but the schema's "byte" format does not; validate the value it decodes.
 */
function withoutBase64LineBreaks(o: K8sObject): K8sObject {
  if (!['Secret', 'ConfigMap'].includes(o.kind)) return o;
  const field = o.kind === 'Secret' ? 'data' : 'binaryData';
  if (!o[field]) return o;
  return { ...o, [field]: Object.fromEntries(Object.entries<string>(o[field]).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/\s+/g, '') : v])) };
}

export function validateSchemas(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const o of objects) {
    const custom = CUSTOM_RESOURCES[`${o.apiVersion}/${o.kind}`];
    if (custom) {
      problems.push(...custom(o).map((p) => `${id(o)}: ${p}`));
      continue;
    }
    const Model = modelFor(o.apiVersion, o.kind);
    if (!Model) {
      problems.push(`${id(o)}: no schema for ${o.apiVersion} ${o.kind}`);
      continue;
    }
    try {
      new Model(withoutBase64LineBreaks(o)).validate();
    } catch (err) {
      problems.push(`${id(o)}: ${(err as Error).message}`);
    }
  }
  return problems;
}
