import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { containersOf, id, podTemplates, REPO_ROOT, type K8sObject } from './render';

export const SERVICES = ['broker', 'ingest-service', 'alert-service', 'api-gateway', 'analytics-service'] as const;

/** The root Dockerfile builds every service's image; `--build-arg SERVICE=<folder>` picks one. */
export const DOCKERFILE = 'Dockerfile';

/** What the root Dockerfile builds for one SERVICE: the instructions of the stages that image needs. */
export interface Dockerfile {
  /** `Dockerfile (SERVICE=<service>)`, for messages. */
  path: string;
  service: string;
  /** From the `# image: <name>` line. */
  image: string | undefined;
  title: string | undefined;
  exposed: number[];
  /** The exec-form CMD. */
  cmd: string[];
  /** Source paths of every COPY without --from. */
  copied: string[];
  user: string | undefined;
}

interface Stage {
  name: string | undefined;
  from: string;
  lines: string[];
}

/** Splits a Dockerfile into its stages (`FROM <base> [AS <name>]` and the instructions after it). */
function stagesOf(lines: string[]): Stage[] {
  const stages: Stage[] = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ from: from[1]!, name: from[2], lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  return stages;
}

/**
 * The image `SERVICE=service` builds: the final stage, the stages it is built FROM, and those it
 * copies from (what BuildKit builds), with `${SERVICE}` substituted. Stages it does not need are left out.
 */
export function parseDockerfile(text: string, service: string): Dockerfile {
  const substituted = text.replace(/\$\{SERVICE\}|\$SERVICE\b/g, service);
  const lines = substituted.replace(/\\\n/g, ' ').split('\n');
  const stages = stagesOf(lines);
  const byName = new Map(stages.filter((st) => st.name).map((st) => [st.name!, st]));
  const needed = new Set<Stage>();
  const need = (stage: Stage | undefined) => {
    if (!stage || needed.has(stage)) return;
    needed.add(stage);
    need(byName.get(stage.from));
    for (const l of stage.lines) {
      const from = /^COPY\s.*--from=(\S+)/.exec(l);
      if (from) need(byName.get(from[1]!));
    }
  };
  need(stages.at(-1));
  /** The final image's own chain of FROMs, base first: only these stages' CMD, USER, EXPOSE and LABELs are in it. */
  const chain: Stage[] = [];
  for (let st = stages.at(-1); st; st = byName.get(st.from)) chain.unshift(st);
  const chainLines = chain.flatMap((st) => st.lines);
  const neededLines = stages.filter((st) => needed.has(st)).flatMap((st) => st.lines);

  const image = /^# image: (\S+)$/m.exec(substituted)?.[1];
  const title = chainLines.map((l) => /org\.opencontainers\.image\.title="([^"]+)"/.exec(l)?.[1]).filter(Boolean).at(-1);
  const exposed = chainLines.filter((l) => /^EXPOSE\s/.test(l)).flatMap((l) => l.trim().split(/\s+/).slice(1).map((p) => Number(p.split('/')[0])));
  const cmdLine = [...chainLines].reverse().find((l) => /^CMD\s/.test(l));
  const cmd = cmdLine ? (JSON.parse(cmdLine.replace(/^CMD\s+/, '')) as string[]) : [];
  const copied = neededLines
    .filter((l) => /^COPY\s/.test(l) && !/--from=/.test(l))
    .flatMap((l) => {
      const args = l.trim().split(/\s+/).slice(1).filter((a) => !a.startsWith('--'));
      return args.slice(0, -1);
    });
  const users = chainLines.filter((l) => /^USER\s/.test(l));
  return { path: `${DOCKERFILE} (SERVICE=${service})`, service, image, title, exposed, cmd, copied, user: users.at(-1)?.split(/\s+/)[1] };
}

/** The image of every service, as the root Dockerfile builds it. */
export function readDockerfiles(): Dockerfile[] {
  const text = readFileSync(join(REPO_ROOT, DOCKERFILE), 'utf8');
  return SERVICES.map((service) => parseDockerfile(text, service));
}

/** Every workspace folder that the root package.json declares and that exists. */
export function workspaceFolders(): string[] {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
  return pkg.workspaces.flatMap((w) => {
    if (!w.endsWith('/*')) return existsSync(join(REPO_ROOT, w, 'package.json')) ? [w] : [];
    const parent = w.slice(0, -2);
    return readdirSync(join(REPO_ROOT, parent), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(REPO_ROOT, parent, d.name, 'package.json')))
      .map((d) => `${parent}/${d.name}`);
  });
}

/** The root .dockerignore's patterns, in order (`!` re-includes). */
export function readDockerignore(): string[] {
  return readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/**
 * Whether Docker leaves `path` out of the build context: the last pattern matching the path or one of
 * its parent folders decides (`**` any folders, `*` within one name).
 */
export function dockerIgnores(patterns: string[], path: string): boolean {
  const toRegExp = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*\//g, '\u0000')
        .replace(/\/\*\*/g, '\u0001')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')
        .replace(/\u0000/g, '(.*/)?')
        .replace(/\u0001/g, '(/.*)?')}$`,
    );
  const parts = path.replace(/\/$/, '').split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const raw of patterns) {
    const include = raw.startsWith('!');
    const re = toRegExp((include ? raw.slice(1) : raw).replace(/^\//, ''));
    if (candidates.some((c) => re.test(c))) ignored = !include;
  }
  return ignored;
}

/** Each service's image stands on its own: npm ci sees every workspace, the entry point exists, it runs as non-root. */
export function checkDockerfiles(dockerfiles: Dockerfile[], ignorePatterns: string[] = readDockerignore()): string[] {
  const problems: string[] = [];
  const workspaces = workspaceFolders();
  for (const d of dockerfiles) {
    const service = d.service;
    for (const c of d.copied) {
      if (c !== '.' && c !== './' && dockerIgnores(ignorePatterns, c)) problems.push(`${d.path}: COPY ${c}, which .dockerignore leaves out of the build context`);
    }
    if (d.image !== `ghcr.io/smart-energy-monitor/${service}`) problems.push(`${d.path}: # image: line says ${d.image}, expected ghcr.io/smart-energy-monitor/${service}`);
    if (d.title !== service) problems.push(`${d.path}: org.opencontainers.image.title is ${d.title}, expected ${service}`);
    for (const w of workspaces) {
      if (!d.copied.includes(`${w}/package.json`)) problems.push(`${d.path}: does not COPY ${w}/package.json, so npm ci would refuse the lock file`);
    }
    for (const f of ['package.json', 'package-lock.json', 'tsconfig.base.json', 'tools/run-ts.cjs']) {
      if (!d.copied.includes(f) && !d.copied.some((c) => c === f.split('/')[0])) problems.push(`${d.path}: does not COPY ${f}`);
    }
    const [node, runner, entry] = d.cmd;
    if (node !== 'node' || runner !== 'tools/run-ts.cjs' || !entry) problems.push(`${d.path}: CMD must be ["node", "tools/run-ts.cjs", "<service>/src/main.ts"] (exec form, so node gets SIGTERM)`);
    else if (!existsSync(join(REPO_ROOT, entry))) problems.push(`${d.path}: entry point ${entry} does not exist`);
    else if (entry !== `${service}/src/main.ts`) problems.push(`${d.path}: runs ${entry}, not ${service}/src/main.ts`);
    else if (!d.copied.some((c) => entry.startsWith(`${c.replace(/\/$/, '')}/`))) problems.push(`${d.path}: entry point ${entry} is not copied into the image`);
    if (!d.user || /^(0|root)(:|$)/.test(d.user)) problems.push(`${d.path}: no non-root USER`);
  }
  return problems;
}

/** Rendered images and Dockerfiles agree: same names, and every declared container port is EXPOSEd. */
export function checkImagesMatchDockerfiles(objects: K8sObject[], dockerfiles: Dockerfile[]): string[] {
  const problems: string[] = [];
  const used = new Set<string>();
  for (const pod of podTemplates(objects)) {
    for (const c of containersOf(pod)) {
      if (!c.image.startsWith('ghcr.io/smart-energy-monitor/')) continue;
      const name = c.image.replace(/@sha256:.*$/, '').replace(/:[^/:]+$/, '');
      if (!/:[^/:]+$/.test(c.image) && !c.image.includes('@sha256:')) problems.push(`${id(pod.workload)} ${c.name}: image ${c.image} has no tag`);
      const dockerfile = dockerfiles.find((d) => d.image === name);
      if (!dockerfile) {
        problems.push(`${id(pod.workload)} ${c.name}: image ${name} is built by no Dockerfile`);
        continue;
      }
      used.add(name);
      for (const p of c.ports ?? []) {
        if (!dockerfile.exposed.includes(p.containerPort)) problems.push(`${id(pod.workload)} ${c.name}: port ${p.containerPort} is not EXPOSEd in ${dockerfile.path}`);
      }
      const uid = c.securityContext?.runAsUser ?? pod.spec.securityContext?.runAsUser;
      if (uid !== undefined && dockerfile.user && String(uid) !== dockerfile.user.split(':')[0]) problems.push(`${id(pod.workload)} ${c.name}: runAsUser ${uid} differs from ${dockerfile.path} USER ${dockerfile.user}`);
    }
  }
  for (const d of dockerfiles) if (d.image && !used.has(d.image)) problems.push(`${d.path}: image ${d.image} is used by no workload`);
  return problems;
}
