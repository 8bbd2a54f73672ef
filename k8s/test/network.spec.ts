// The NATS JetStream cluster, the NetworkPolicies (egress lockdown, internet for the dispatcher only) and the
// Ingress routing each REST route of the code to the service that owns it.
import { BUILD_NAMES, BUILDS, hookstreamWorkloads, named, ofKind, podLabels, restRoutes, selects } from './facts';
import { podSpecOf, type K8sObject } from './kustomize';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(BUILD_NAMES)('the %s build', (build) => {
  const objects = BUILDS[build];

  describe('NATS', () => {
    const sts = named(objects, 'StatefulSet', 'nats');
    const spec = sts.spec as Json;
    const container = podSpecOf(sts).containers[0];
    const conf: string = named(objects, 'ConfigMap', 'nats-config').data['nats.conf'];

    it('is a 3-node StatefulSet of nats:2.10 with file storage on a volume claim', () => {
      expect(spec.replicas).toBe(3);
      expect(container.image).toMatch(/^nats:2\.10(\.\d+)?(-[a-z0-9]+)?$/);
      const dataMount = container.volumeMounts.find((m: Json) => spec.volumeClaimTemplates.some((t: Json) => t.metadata.name === m.name));
      expect(dataMount).toBeDefined();
      const storeDir = /jetstream\s*\{[^}]*store_dir:\s*"?([^\s"]+)/.exec(conf)?.[1];
      expect(storeDir?.startsWith(dataMount.mountPath)).toBe(true);
    });

    it('runs with JetStream enabled, from the mounted nats.conf', () => {
      expect(conf).toMatch(/^\s*jetstream\s*\{/m);
      expect(conf).not.toMatch(/jetstream\s*:\s*(false|disabled|off)/i);
      const configVolume = podSpecOf(sts).volumes.find((v: Json) => v.configMap?.name === 'nats-config');
      const mount = container.volumeMounts.find((m: Json) => m.name === configVolume.name);
      expect(container.args).toEqual(['--config', `${mount.mountPath}/nats.conf`]);
    });

    it('routes the cluster through the headless Service, one route per replica, unique server names', () => {
      const headless = named(objects, 'Service', spec.serviceName).spec as Json;
      expect(headless.clusterIP).toBe('None');
      expect(headless.publishNotReadyAddresses).toBe(true);
      expect(selects({ matchLabels: headless.selector }, podLabels(sts))).toBe(true);
      const routes = [...conf.matchAll(/nats:\/\/([a-z0-9.-]+):6222/g)].map((m) => m[1]);
      expect(routes).toEqual(Array.from({ length: spec.replicas }, (_, i) => `nats-${i}.${spec.serviceName}`));
      expect(conf).toMatch(/server_name:\s*\$POD_NAME/);
      expect(container.env).toContainEqual({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
    });

    it('sizes the Go runtime to the container: GOMAXPROCS from the CPU limit, GOMEMLIMIT under the memory limit', () => {
      expect(container.env).toContainEqual({ name: 'GOMAXPROCS', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1' } } });
      expect(container.resources.limits.cpu).toBeDefined();
      const mib = (quantity: string) => {
        const [, amount, unit] = /^(\d+)(Mi|Gi)B?$/.exec(quantity) ?? [];
        return Number(amount) * (unit === 'Gi' ? 1024 : 1);
      };
      const memLimit = container.env.find((e: Json) => e.name === 'GOMEMLIMIT').value;
      expect(mib(memLimit)).toBeLessThan(mib(container.resources.limits.memory));
    });

    it('serves NATS_URL through a Service on 4222, has a PDB, and streams are R3', () => {
      const config = named(objects, 'ConfigMap', 'hookstream-config').data;
      expect(config.HOOKSTREAM_STREAM_REPLICAS).toBe('3');
      expect(Number(config.HOOKSTREAM_STREAM_REPLICAS)).toBeLessThanOrEqual(spec.replicas);
      const url = new URL(config.NATS_URL);
      const service = named(objects, 'Service', url.hostname).spec as Json;
      expect(service.ports.map((p: Json) => p.port)).toContain(Number(url.port));
      expect(selects({ matchLabels: service.selector }, podLabels(sts))).toBe(true);
      const pdb = ofKind(objects, 'PodDisruptionBudget').find((p) => selects((p.spec as Json).selector, podLabels(sts)));
      expect((pdb?.spec as Json)?.maxUnavailable).toBe(1);
    });
  });

  describe('NetworkPolicies', () => {
    const policies = ofKind(objects, 'NetworkPolicy');
    const egressFor = (pod: K8sObject) =>
      policies.filter((p) => (p.spec as Json).policyTypes.includes('Egress') && selects((p.spec as Json).podSelector, podLabels(pod)));
    const isInternet = (peer: Json) => /\/0$/.test(peer.ipBlock?.cidr ?? '');
    /** Ports a rule opens to any address: no `to` at all, or a /0 ipBlock. */
    const openPorts = (rule: Json) =>
      !rule.to || rule.to.some(isInternet) ? (rule.ports ?? [{ port: 'ALL' }]).map((p: Json) => `${p.protocol ?? 'TCP'}/${p.port}`) : [];

    it.each(['ingest', 'delivery-log', 'signer', 'dispatcher'])('deny %s egress by default, except DNS, NATS and Postgres', (name) => {
      const pod = named(objects, 'Deployment', name);
      const rules = egressFor(pod).flatMap((p) => (p.spec as Json).egress ?? []);
      expect(rules.length).toBeGreaterThan(0);
      const nats = named(objects, 'StatefulSet', 'nats');
      const toNats = rules.filter((r: Json) => r.to?.some((peer: Json) => selects(peer.podSelector, podLabels(nats))));
      expect(toNats.flatMap((r: Json) => r.ports.map((p: Json) => p.port))).toContain(4222);
      const open = rules.flatMap(openPorts);
      expect(open).toEqual(expect.arrayContaining(['UDP/53', 'TCP/53', 'TCP/5432']));
      const beyond = open.filter((p: string) => !['UDP/53', 'TCP/53', 'TCP/5432'].includes(p));
      expect(beyond.sort()).toEqual(name === 'dispatcher' ? ['TCP/443', 'TCP/80'] : []);
    });

    it('limit the migrations Job too', () => {
      const job = ofKind(objects, 'Job')[0];
      expect(egressFor(job).flatMap((p) => (p.spec as Json).egress).flatMap(openPorts).sort()).toEqual(['TCP/53', 'TCP/5432', 'UDP/53']);
    });

    it('give the internet to the dispatcher alone, without private or metadata addresses', () => {
      const internet = policies.filter((p) => ((p.spec as Json).egress ?? []).some((r: Json) => r.to?.some(isInternet)));
      expect(internet.map((p) => (p.spec as Json).podSelector.matchLabels?.['app.kubernetes.io/name'])).toEqual(['dispatcher']);
      for (const pod of hookstreamWorkloads(objects)) {
        const reaches = internet.some((p) => selects((p.spec as Json).podSelector, podLabels(pod)));
        expect({ pod: pod.metadata.name, reaches }).toEqual({ pod: pod.metadata.name, reaches: pod.metadata.name === 'dispatcher' });
      }
      const v4 = (internet[0].spec as Json).egress[0].to.find((peer: Json) => peer.ipBlock?.cidr === '0.0.0.0/0');
      expect(v4.ipBlock.except).toEqual(expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16']));
    });
  });

  describe('Ingress', () => {
    const ingress = named(objects, 'Ingress', 'hookstream');
    const paths: { regex: RegExp; length: number; service: string; port: Json }[] = (ingress.spec as Json).rules.flatMap((rule: Json) =>
      rule.http.paths.map((p: Json) => ({ regex: new RegExp(`^${p.path}`, 'i'), length: p.path.length, service: p.backend.service.name, port: p.backend.service.port })),
    );
    /** ingress-nginx with use-regex: paths are anchored, case-insensitive regexes, the longest tried first. */
    const route = (path: string) => [...paths].sort((a, b) => b.length - a.length).find((p) => p.regex.test(path))?.service;

    it('sends every path to an existing Service port', () => {
      expect(ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/use-regex']).toBe('true');
      for (const p of paths) {
        const service = named(objects, 'Service', p.service).spec as Json;
        expect(service.ports.map((sp: Json) => sp.name)).toContain(p.port.name);
      }
    });

    it.each([
      ['/api/v1/app', 'ingest'],
      ['/api/v1/app/app_1/endpoint/ep_1/secret', 'ingest'],
      ['/api/v1/app/app_1/msg', 'ingest'],
      ['/api/v1/event-type', 'ingest'],
      ['/api/v1/app/app_1/msg/msg_1', 'delivery-log'],
      ['/api/v1/app/app_1/attempt/msg/msg_1', 'delivery-log'],
      ['/api/v1/app/app_1/attempt/endpoint/ep_1', 'delivery-log'],
      ['/docs', 'delivery-log'],
      ['/console/assets/index.js', 'delivery-log'],
      ['/healthz', undefined],
      ['/metrics', undefined],
    ])('routes %s to %s', (path, service) => {
      expect(route(path)).toBe(service);
    });

    it("routes every REST route of the code to its owner, but where a method split can't be expressed", () => {
      const routes = restRoutes().filter((r) => ['/api/', '/docs', '/console'].some((prefix) => r.path.startsWith(prefix)));
      expect(routes.length).toBeGreaterThan(5);
      const sample = (path: string) => path.replace(/:[A-Za-z]+/g, 'x_1');
      const wrong = routes.filter((r) => {
        // The documented limitation: the same path is owned by another service for another method.
        const shared = routes.some((other) => other.owner !== r.owner && sample(other.path) === sample(r.path));
        return !shared && route(sample(r.path)) !== r.owner;
      });
      expect(wrong.map((r) => `${r.method} ${r.path} (${r.owner}, ${r.file}) -> ${route(sample(r.path))}`)).toEqual([]);
    });
  });
});
