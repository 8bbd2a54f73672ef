// The four Deployments, the migrations Job, their configuration and secrets, HPAs and PDBs, checked against
// the code: default ports, health routes, the configuration names the loader reads, the secrets each service uses.
import {
  ALLOWED_ENV,
  BUILD_NAMES,
  BUILDS,
  codeDefaultPort,
  codeSecrets,
  codeShutdownTimings,
  configEnvNames,
  hookstreamWorkloads,
  isHookstreamContainer,
  isPreviousKey,
  named,
  ofKind,
  platformGetRoutes,
  podLabels,
  SECRET_ENV,
  selects,
  SERVICES,
  type ServiceName,
} from './facts';
import { loadConfig, secretOf } from '@hookstream/platform';
import { podSpecOf, splitImage, type K8sObject } from './kustomize';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

interface EnvSource {
  from: 'literal' | 'configMap' | 'secret';
  value?: string;
  /** A secretKeyRef with `optional: true`: the pod starts without the key. */
  optional?: boolean;
  /** Came with a whole Secret (envFrom secretRef): every key of it, whoever uses them. */
  wholeSecret?: boolean;
}

/** The environment a container ends up with: name -> where it comes from. */
function effectiveEnv(objects: K8sObject[], container: Json): Map<string, EnvSource> {
  const env = new Map<string, EnvSource>();
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const cm = named(objects, 'ConfigMap', source.configMapRef.name);
      for (const [k, v] of Object.entries(cm.data ?? {})) env.set(k, { from: 'configMap', value: v as string });
    } else if (source.secretRef) {
      // The production overlay leaves the Secret out (created out of band): its keys are the base Secret's.
      const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === source.secretRef.name) ?? named(BUILDS.base, 'Secret', source.secretRef.name);
      for (const k of Object.keys({ ...(secret.data as object), ...(secret.stringData as object) })) env.set(k, { from: 'secret', wholeSecret: true });
    } else throw new Error(`unsupported envFrom ${JSON.stringify(source)}`);
  }
  for (const e of container.env ?? []) {
    if ('value' in e) env.set(e.name, { from: 'literal', value: e.value });
    else if (e.valueFrom?.secretKeyRef) env.set(e.name, { from: 'secret', optional: e.valueFrom.secretKeyRef.optional === true });
    else if (e.valueFrom?.configMapKeyRef) env.set(e.name, { from: 'configMap', value: named(objects, 'ConfigMap', e.valueFrom.configMapKeyRef.name).data[e.valueFrom.configMapKeyRef.key] });
    else throw new Error(`unsupported env source for ${e.name}`);
  }
  return env;
}

describe('the code the manifests rely on', () => {
  it('serves /healthz and /readyz (and /metrics) from the platform library', () => {
    expect(platformGetRoutes()).toEqual(expect.arrayContaining(['/healthz', '/readyz', '/metrics']));
  });

  it('reads every configuration name the manifests may set (none of them is ignored)', () => {
    const read = configEnvNames();
    expect(ALLOWED_ENV.filter((name) => !read.includes(name))).toEqual([]);
  });

  it('gives each service the secrets it uses and no other: the master key to the signer, the token key to delivery-log', () => {
    expect(Object.fromEntries(SERVICES.map((service) => [service, secretEnvOf(service)]))).toEqual({
      ingest: ['HOOKSTREAM_ADMIN_TOKEN'],
      'delivery-log': ['HOOKSTREAM_ADMIN_TOKEN', 'HOOKSTREAM_TOKEN_KEY', 'HOOKSTREAM_TOKEN_KEY_PREVIOUS'],
      signer: ['HOOKSTREAM_MASTER_KEY', 'HOOKSTREAM_MASTER_KEY_PREVIOUS'],
      dispatcher: [],
    });
  });
});

/** The secret env names (DATABASE_URL aside) the configuration loader reads for a service, from its main.ts. */
function secretEnvOf(service: ServiceName): string[] {
  return configEnvNames(codeSecrets(service))
    .filter((name) => SECRET_ENV.includes(name) && name !== 'DATABASE_URL')
    .sort();
}

/** The environment of the migrations Job: `all-in-one migrate` loads no secret. */
const MIGRATE_READS = configEnvNames([]);

describe.each(BUILD_NAMES)('the %s build', (build) => {
  const objects = BUILDS[build];
  const deployments = ofKind(objects, 'Deployment');

  it('has one Deployment per service', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...SERVICES].sort());
  });

  describe.each([...SERVICES])('%s', (service) => {
    const deployment = named(objects, 'Deployment', service);
    const pod = podSpecOf(deployment);
    const container = pod.containers[0];
    const env = effectiveEnv(objects, container);
    const port = container.ports.find((p: Json) => p.name === 'http');

    it('runs its service from the Hookstream image, as a non-root user on a read-only root filesystem', () => {
      expect(pod.containers).toHaveLength(1);
      expect(isHookstreamContainer(container)).toBe(true);
      expect(container.args).toEqual([service]);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: expect.any(Number) });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    });

    it("listens on PORT = the code's default port, the container port, and probes it", () => {
      expect(port.containerPort).toBe(codeDefaultPort(service));
      expect(env.get('PORT')).toEqual({ from: 'literal', value: String(port.containerPort) });
      const probePort = (probe: Json) => (typeof probe.httpGet.port === 'number' ? probe.httpGet.port : container.ports.find((p: Json) => p.name === probe.httpGet.port)?.containerPort);
      expect(container.livenessProbe.httpGet.path).toBe('/healthz');
      expect(container.readinessProbe.httpGet.path).toBe('/readyz');
      for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe].filter(Boolean)) {
        expect(probePort(probe)).toBe(port.containerPort);
        expect(['/healthz', '/readyz']).toContain(probe.httpGet.path);
      }
      expect(deployment.spec.template.metadata.annotations?.['prometheus.io/port']).toBe(String(port.containerPort));
    });

    it('has resource requests and limits and a 30-60 s grace period', () => {
      for (const kind of ['requests', 'limits']) expect(Object.keys(container.resources[kind]).sort()).toEqual(['cpu', 'memory']);
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
      expect(pod.terminationGracePeriodSeconds).toBeLessThanOrEqual(60);
    });

    it('gives SIGTERM time to drain: preStop sleep + shutdown timeout + closing fit in the grace period', () => {
      const preStopSeconds = Number(container.lifecycle?.preStop?.exec?.command?.[1] ?? 0);
      const { defaultTimeoutMs, closeMarginMs } = codeShutdownTimings();
      const timeoutMs = Number(env.get('HOOKSTREAM_SHUTDOWN_TIMEOUT_MS')?.value ?? defaultTimeoutMs);
      expect(preStopSeconds * 1000 + timeoutMs + closeMarginMs).toBeLessThan(pod.terminationGracePeriodSeconds * 1000);
    });

    it('gets only allowed configuration names, its secrets from the Secret, and leaves migrations to the Job', () => {
      expect([...env.keys()].filter((name) => !ALLOWED_ENV.includes(name))).toEqual([]);
      for (const name of secretEnvOf(service)) {
        expect({ name, ...env.get(name) }).toEqual({ name, from: 'secret', optional: isPreviousKey(name) });
      }
      if (service !== 'dispatcher') expect(env.get('DATABASE_URL')).toEqual({ from: 'secret', optional: false });
      expect(env.get('NODE_ENV')?.value).toBe('production');
      expect(env.get('HOOKSTREAM_STREAM_REPLICAS')?.value).toBe('3');
      expect(env.get('HOOKSTREAM_RUN_MIGRATIONS')?.value).toBe('false');
    });

    it('holds only names its service reads: no secret of another service, never the whole Secret', () => {
      const reads = configEnvNames(codeSecrets(service));
      expect([...env.keys()].filter((name) => !reads.includes(name))).toEqual([]);
      expect([...env].filter(([, source]) => source.wholeSecret).map(([name]) => name)).toEqual([]);
    });

    it('has a Service, an autoscaling/v2 HPA and a policy/v1 PDB that select it', () => {
      const labels = podLabels(deployment);
      const services = ofKind(objects, 'Service').filter((s) => selects({ matchLabels: (s.spec as Json).selector }, labels));
      expect(services.map((s) => s.metadata.name)).toEqual([service]);
      expect((services[0].spec as Json).ports.map((p: Json) => p.targetPort)).toEqual(['http']);

      const hpas = ofKind(objects, 'HorizontalPodAutoscaler').filter((h) => (h.spec as Json).scaleTargetRef.name === service);
      expect(hpas.map((h) => [h.apiVersion, (h.spec as Json).scaleTargetRef.kind])).toEqual([['autoscaling/v2', 'Deployment']]);
      const { minReplicas, maxReplicas } = hpas[0].spec as Json;
      expect(minReplicas).toBeGreaterThanOrEqual(1);
      expect(maxReplicas).toBeGreaterThan(minReplicas);
      expect(deployment.spec.replicas).toBeUndefined(); // the HPA owns it

      const pdbs = ofKind(objects, 'PodDisruptionBudget').filter((p) => selects((p.spec as Json).selector, labels));
      expect(pdbs.map((p) => p.apiVersion)).toEqual(['policy/v1']);
      expect((pdbs[0].spec as Json).maxUnavailable ?? (pdbs[0].spec as Json).minAvailable).toBeDefined();
    });
  });

  it('runs the migrations in a Job with the same image and configuration, and of the secrets DATABASE_URL only', () => {
    const [job] = ofKind(objects, 'Job');
    const pod = podSpecOf(job);
    const [container] = pod.containers;
    expect(container.args).toEqual(['migrate']);
    expect(splitImage(container.image)).toEqual(splitImage(podSpecOf(deployments[0]).containers[0].image));
    expect(['OnFailure', 'Never']).toContain(pod.restartPolicy);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    const env = effectiveEnv(objects, container);
    expect([...env.keys()].filter((name) => !ALLOWED_ENV.includes(name) || !MIGRATE_READS.includes(name))).toEqual([]);
    expect([...env].filter(([, source]) => source.from === 'secret').map(([name]) => name)).toEqual(['DATABASE_URL']);
  });

  it('keeps the master key in the signer and the token key in delivery-log; ingest and the dispatcher hold neither', () => {
    const holders = (name: string) =>
      hookstreamWorkloads(objects)
        .filter((workload) => effectiveEnv(objects, podSpecOf(workload).containers[0]).has(name))
        .map((workload) => workload.metadata.name);
    expect(holders('HOOKSTREAM_MASTER_KEY')).toEqual(['signer']);
    expect(holders('HOOKSTREAM_MASTER_KEY_PREVIOUS')).toEqual(['signer']);
    expect(holders('HOOKSTREAM_TOKEN_KEY')).toEqual(['delivery-log']);
    expect(holders('HOOKSTREAM_TOKEN_KEY_PREVIOUS')).toEqual(['delivery-log']);
    expect(holders('HOOKSTREAM_ADMIN_TOKEN').sort()).toEqual(['delivery-log', 'ingest']);
    for (const service of ['ingest', 'dispatcher']) {
      const container = podSpecOf(named(objects, 'Deployment', service)).containers[0];
      expect(container.envFrom.filter((source: Json) => source.secretRef)).toEqual([]);
    }
  });

  it('listens on every address of the pod, where probes and Services reach it', () => {
    for (const workload of hookstreamWorkloads(objects)) {
      expect(effectiveEnv(objects, podSpecOf(workload).containers[0]).get('HOOKSTREAM_HOST')?.value).toBe('0.0.0.0');
    }
  });

  it('keeps secrets out of ConfigMaps and literals', () => {
    for (const cm of ofKind(objects, 'ConfigMap')) expect(Object.keys(cm.data ?? {}).filter((k) => SECRET_ENV.includes(k))).toEqual([]);
    for (const workload of hookstreamWorkloads(objects)) {
      for (const c of podSpecOf(workload).containers) {
        expect((c.env ?? []).filter((e: Json) => SECRET_ENV.includes(e.name) && !e.valueFrom?.secretKeyRef).map((e: Json) => e.name)).toEqual([]);
      }
    }
  });

  it('only sets allowed configuration names in the shared ConfigMap and Secret', () => {
    const keys = [named(objects, 'ConfigMap', 'hookstream-config'), ...ofKind(objects, 'Secret').filter((s) => s.metadata.name === 'hookstream-secrets')].flatMap((o) =>
      Object.keys({ ...(o.data as object), ...(o.stringData as object) }),
    );
    expect(keys.filter((k) => !ALLOWED_ENV.includes(k))).toEqual([]);
  });
});

describe('secrets per environment', () => {
  const stringData = (objects: K8sObject[]) => named(objects, 'Secret', 'hookstream-secrets').stringData as Record<string, string>;

  it('base: every value is a clearly marked placeholder that cannot start a service; no previous key', () => {
    const values = stringData(BUILDS.base);
    expect(Object.keys(values).sort()).toEqual(SECRET_ENV.filter((name) => !isPreviousKey(name)).sort());
    for (const value of Object.values(values)) expect(value).toMatch(/REPLACE_ME/);
    expect(Buffer.from(values.HOOKSTREAM_MASTER_KEY, 'base64')).not.toHaveLength(32);
    expect(Buffer.from(values.HOOKSTREAM_TOKEN_KEY, 'base64')).not.toHaveLength(32);
  });

  it('dev: working development values, DATABASE_URL pointing at the in-cluster Postgres', () => {
    const values = stringData(BUILDS.dev);
    expect(values.HOOKSTREAM_ADMIN_TOKEN.length).toBeGreaterThanOrEqual(16);
    expect(Buffer.from(values.HOOKSTREAM_MASTER_KEY, 'base64')).toHaveLength(32);
    expect(Buffer.from(values.HOOKSTREAM_TOKEN_KEY, 'base64')).toHaveLength(32);
    const tokenKey = (env: Record<string, string>) => secretOf(loadConfig(env, 3002, ['tokenKey']), 'tokenKeys').current.export({ format: 'der', type: 'pkcs8' });
    expect(tokenKey({ HOOKSTREAM_TOKEN_KEY: values.HOOKSTREAM_TOKEN_KEY })).not.toEqual(tokenKey({})); // not the code's own default
    const url = new URL(values.DATABASE_URL);
    expect(url.protocol).toBe('postgres:');
    const service = named(BUILDS.dev, 'Service', url.hostname);
    expect((service.spec as Json).ports.map((p: Json) => p.port)).toContain(Number(url.port || 5432));
    expect(ofKind(BUILDS.dev, 'StatefulSet').map((s) => s.metadata.name)).toContain('postgres');
  });

  it('production: no placeholder Secret (it would overwrite the real one), a pinned image', () => {
    expect(ofKind(BUILDS.production, 'Secret')).toEqual([]);
    expect(JSON.stringify(BUILDS.production)).not.toMatch(/REPLACE_ME/);
    for (const workload of hookstreamWorkloads(BUILDS.production)) {
      const [name, tag] = splitImage(podSpecOf(workload).containers[0].image);
      expect(name).toContain('/');
      expect(tag).toMatch(/^\d+\.\d+\.\d+/);
    }
  });
});
