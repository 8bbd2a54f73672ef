// What the manifests are checked against: the kustomize builds, and facts read from the code itself (default
// ports, health routes, configuration names, REST routes and their owners), so a drift between the two fails.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ALL_SECRETS, loadConfig, type SecretName } from '@hookstream/platform';
import { buildKustomization, podSpecOf, type K8sObject } from './kustomize';

export const K8S_DIR = join(__dirname, '..');
export const REPO = join(K8S_DIR, '..');
export const SERVICES = ['ingest', 'delivery-log', 'signer', 'dispatcher'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** The documented configuration names (README): nothing else may be set. */
export const ALLOWED_ENV = [
  'NATS_URL',
  'DATABASE_URL',
  'PORT',
  'HOOKSTREAM_HOST',
  'HOOKSTREAM_ADMIN_TOKEN',
  'HOOKSTREAM_MASTER_KEY',
  'HOOKSTREAM_MASTER_KEY_PREVIOUS',
  'HOOKSTREAM_TOKEN_KEY',
  'HOOKSTREAM_TOKEN_KEY_PREVIOUS',
  'HOOKSTREAM_SSRF_ALLOW',
  'HOOKSTREAM_PREFIX',
  'HOOKSTREAM_CONSOLE_DIR',
  'HOOKSTREAM_STREAM_REPLICAS',
  'HOOKSTREAM_RUN_MIGRATIONS',
  'HOOKSTREAM_EVENTS_MAX_BYTES',
  'HOOKSTREAM_DELIVERIES_MAX_BYTES',
  'HOOKSTREAM_LOG_MAX_BYTES',
  'HOOKSTREAM_SHUTDOWN_TIMEOUT_MS',
  'LOG_LEVEL',
  'NODE_ENV',
];
/** Values that must come from a Secret, never a ConfigMap or a literal. */
export const SECRET_ENV = [
  'HOOKSTREAM_ADMIN_TOKEN',
  'HOOKSTREAM_MASTER_KEY',
  'HOOKSTREAM_MASTER_KEY_PREVIOUS',
  'HOOKSTREAM_TOKEN_KEY',
  'HOOKSTREAM_TOKEN_KEY_PREVIOUS',
  'DATABASE_URL',
];
/** Set only during a key change, beside the key they replace: optional in the Secret and in the pods. */
export const isPreviousKey = (name: string): boolean => name.endsWith('_PREVIOUS');

export const BUILDS = {
  base: buildKustomization(join(K8S_DIR, 'base')),
  dev: buildKustomization(join(K8S_DIR, 'overlays', 'dev')),
  production: buildKustomization(join(K8S_DIR, 'overlays', 'production')),
};
export type BuildName = keyof typeof BUILDS;
export const BUILD_NAMES = Object.keys(BUILDS) as BuildName[];

export function walk(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    if (entry === 'node_modules') return [];
    return statSync(full).isDirectory() ? walk(full, keep) : keep(full) ? [full] : [];
  });
}

export function read(...path: string[]): string {
  return readFileSync(join(REPO, ...path), 'utf8');
}

// ---- the built objects ----

export function ofKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

export function named(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name}`);
  return found;
}

/** Pods that run Hookstream's own image: the four services and the migrations Job. */
export function hookstreamWorkloads(objects: K8sObject[]): K8sObject[] {
  return objects.filter((o) => podSpecOf(o)?.containers?.some((c: { args?: string[] }) => isHookstreamContainer(c)));
}

export function isHookstreamContainer(c: { image?: string; args?: string[] }): boolean {
  return /(^|\/)hookstream[:@]/.test(c.image ?? '');
}

export function podLabels(o: K8sObject): Record<string, string> {
  const spec = o.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined;
  return spec?.template?.metadata?.labels ?? {};
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Kubernetes label-selector semantics (an empty selector selects everything). */
export function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In':
        return key in labels && values.includes(labels[key]);
      case 'NotIn':
        return !(key in labels) || !values.includes(labels[key]);
      case 'Exists':
        return key in labels;
      case 'DoesNotExist':
        return !(key in labels);
      default:
        throw new Error(`unknown selector operator ${operator}`);
    }
  });
  return byLabels && byExpressions;
}

// ---- facts from the code ----

/** `defaultPort` of each service's main.ts (`runService({ name, defaultPort: 3001, ... })`). */
export function codeDefaultPort(service: string): number {
  const match = /defaultPort:\s*(\d+)/.exec(read('apps', service, 'src', 'main.ts'));
  if (!match) throw new Error(`apps/${service}/src/main.ts: no defaultPort`);
  return Number(match[1]);
}

/** The code's default SIGTERM drain timeout, and the margin it adds for closing before it exits anyway. */
export function codeShutdownTimings(): { defaultTimeoutMs: number; closeMarginMs: number } {
  const timeout = /DEFAULT_SHUTDOWN_TIMEOUT_MS = ([\d_]+)/.exec(read('libs', 'platform', 'src', 'config', 'hookstream-config.ts'));
  const margin = /CLOSE_MARGIN_MS = ([\d_]+)/.exec(read('libs', 'platform', 'src', 'bootstrap', 'graceful-shutdown.ts'));
  if (!timeout || !margin) throw new Error('libs/platform: no DEFAULT_SHUTDOWN_TIMEOUT_MS or CLOSE_MARGIN_MS');
  return { defaultTimeoutMs: Number(timeout[1].replace(/_/g, '')), closeMarginMs: Number(margin[1].replace(/_/g, '')) };
}

function sources(dir: string): { file: string; text: string }[] {
  return walk(join(REPO, dir), (f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.endsWith('.d.ts')).map((file) => ({
    file: relative(REPO, file),
    text: readFileSync(file, 'utf8'),
  }));
}

/** The paths of every `@Get('...')` in the platform library (health and metrics live there). */
export function platformGetRoutes(): string[] {
  return sources('libs/platform/src').flatMap(({ text }) => [...text.matchAll(/@Get\(\s*'([^']*)'\s*\)/g)].map((m) => `/${m[1]}`));
}

/** The `secrets: [...]` a service's main.ts declares (`runService({ ..., secrets: ['adminToken'] })`). */
export function codeSecrets(service: ServiceName): SecretName[] {
  const match = /secrets:\s*\[([^\]]*)\]/.exec(read('apps', service, 'src', 'main.ts'));
  if (!match) throw new Error(`apps/${service}/src/main.ts: no secrets`);
  const names = [...match[1].matchAll(/'([A-Za-z]+)'/g)].map((m) => m[1]);
  const unknown = names.filter((name) => !(ALL_SECRETS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`apps/${service}/src/main.ts: unknown secrets ${unknown.join(', ')}`);
  return names as SecretName[];
}

/**
 * Every environment name the configuration loader reads for a process holding `secrets`, found by running it on
 * an environment that records what is asked of it.
 */
export function configEnvNames(secrets: readonly SecretName[] = ALL_SECRETS): string[] {
  const read = new Set<string>();
  const env = new Proxy<Record<string, string | undefined>>({}, {
    get: (_target, name) => {
      if (typeof name === 'string') read.add(name);
      return undefined;
    },
  });
  loadConfig(env, 3000, secrets);
  return [...read];
}

export interface RestRoute {
  method: string;
  path: string;
  owner: string;
  file: string;
}

/** REST routes of the service libraries, from their Nest decorators; the owner is the library's name. */
export function restRoutes(): RestRoute[] {
  return SERVICES.flatMap((owner) =>
    sources(`libs/${owner}/src`)
      .filter(({ text }) => /@Controller\(/.test(text))
      .flatMap(({ file, text }) => {
        const base = /@Controller\(\s*(?:'([^']*)')?\s*\)/.exec(text)?.[1] ?? '';
        return [...text.matchAll(/@(Get|Post|Put|Patch|Delete)\(\s*(?:'([^']*)')?\s*\)/g)].map((m) => ({
          method: m[1].toUpperCase(),
          path: `/${[base, m[2] ?? ''].filter(Boolean).join('/')}`.replace(/\/+/g, '/'),
          owner,
          file: file.split(sep).join('/'),
        }));
      }),
  );
}
