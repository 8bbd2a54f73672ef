// Every YAML file parses as kubectl would read it, every manifest is part of a kustomization, and every object of
// the three builds (base, dev, production) is valid against the Kubernetes API schemas.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { BUILD_NAMES, BUILDS, K8S_DIR, walk } from './facts';
import { buildKustomization, objectId, parseYamlFile, podSpecOf } from './kustomize';
import { isKnownKind, validateSchema, validateStrict } from './schema';

const yamlFiles = walk(K8S_DIR, (f) => /\.ya?ml$/.test(f));

describe('YAML files under k8s/', () => {
  it('are there: base and both overlays', () => {
    const names = yamlFiles.map((f) => relative(K8S_DIR, f));
    expect(names).toEqual(
      expect.arrayContaining(['base/kustomization.yaml', 'overlays/dev/kustomization.yaml', 'overlays/production/kustomization.yaml']),
    );
  });

  it.each(yamlFiles.map((f) => [relative(K8S_DIR, f), f]))('%s parses and holds Kubernetes objects', (_name, file) => {
    const docs = parseYamlFile(file);
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) {
      expect(typeof doc.apiVersion).toBe('string');
      expect(typeof doc.kind).toBe('string');
      if (doc.kind !== 'Kustomization') expect(typeof doc.metadata?.name).toBe('string');
    }
  });

  it('are each referenced by the kustomization of their directory (no orphan manifests)', () => {
    for (const file of yamlFiles.filter((f) => basename(f) !== 'kustomization.yaml')) {
      const [k] = parseYamlFile(join(dirname(file), 'kustomization.yaml'));
      expect({ file: relative(K8S_DIR, file), listed: (k.resources as string[]).includes(basename(file)) }).toEqual({
        file: relative(K8S_DIR, file),
        listed: true,
      });
    }
  });
});

describe('the test kustomize builder', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  function kustomizationIn(text: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'hookstream-kustomize-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cm }\ndata: { A: "1" }\n');
    writeFileSync(join(dir, 'kustomization.yaml'), `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [cm.yaml]\n${text}`);
    return dir;
  }

  it('rejects what it does not support instead of ignoring it', () => {
    expect(() => buildKustomization(kustomizationIn('commonLabels: { a: b }\n'))).toThrow(/does not support commonLabels/);
  });

  it('rejects a patch that matches nothing, and applies one that matches', () => {
    const patch = (name: string) => `patches:\n  - target: { kind: ConfigMap, name: ${name} }\n    patch: |-\n      - { op: replace, path: /data/A, value: "2" }\n`;
    expect(() => buildKustomization(kustomizationIn(patch('typo')))).toThrow(/matches nothing/);
    expect(buildKustomization(kustomizationIn(patch('cm')))[0].data).toEqual({ A: '2' });
  });

  it('rejects YAML that kubectl would reject or misread', () => {
    expect(() => buildKustomization(kustomizationIn('namespace: x\nnamespace: y\n'))).toThrow();
    const dir = kustomizationIn('');
    writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cm }\ndata: { A: /healthz?x=1 }\n');
    expect(() => buildKustomization(dir)).toThrow(/quote/);
  });

  it('builds the overlays on top of the base: same objects, namespaced', () => {
    const baseIds = BUILDS.base.map((o) => `${o.kind}/${o.metadata.name}`);
    for (const overlay of ['dev', 'production'] as const) {
      const ids = BUILDS[overlay].map((o) => `${o.kind}/${o.metadata.name}`);
      const dropped = baseIds.filter((id) => !ids.includes(id));
      expect({ overlay, dropped }).toEqual({ overlay, dropped: overlay === 'production' ? ['Secret/hookstream-secrets'] : [] });
      for (const o of BUILDS[overlay].filter((x) => x.kind !== 'Namespace')) {
        expect({ id: objectId(o), namespace: o.metadata.namespace }).toEqual({
          id: objectId(o),
          namespace: overlay === 'dev' ? 'hookstream-dev' : 'hookstream',
        });
      }
    }
  });
});

describe.each(BUILD_NAMES)('the %s build', (build) => {
  const objects = BUILDS[build];

  it('has only kinds of the core Kubernetes API', () => {
    expect(objects.filter((o) => !isKnownKind(o)).map(objectId)).toEqual([]);
  });

  it('validates against the Kubernetes JSON schemas', () => {
    const invalid = objects.map((o) => ({ id: objectId(o), error: validateSchema(o) })).filter((r) => r.error);
    expect(invalid).toEqual([]);
  });

  it('has no unknown fields or mistyped values (strict check against the API types)', () => {
    expect(validateStrict(objects)).toEqual([]);
  }, 120_000);

  it('labels every object and pod template with app.kubernetes.io/name and part-of: hookstream', () => {
    for (const o of objects.filter((x) => x.kind !== 'Namespace')) {
      const template = (o.spec as { template?: { metadata?: { labels?: Record<string, string> } } })?.template;
      for (const labels of [o.metadata.labels, ...(podSpecOf(o) ? [template?.metadata?.labels] : [])]) {
        expect({ id: objectId(o), name: Boolean(labels?.['app.kubernetes.io/name']), partOf: labels?.['app.kubernetes.io/part-of'] }).toEqual({
          id: objectId(o),
          name: true,
          partOf: 'hookstream',
        });
      }
    }
  });
});

describe('the strict schema check', () => {
  // Guards against a checker that accepts everything.
  const deployment = BUILDS.base.find((o) => o.kind === 'Deployment')!;

  it('reports a misspelt field', () => {
    const broken = structuredClone(deployment) as typeof deployment & { spec: { template: { spec: { containers: Array<Record<string, unknown>> } } } };
    const [container] = broken.spec.template.spec.containers;
    container.livenesProbe = container.livenessProbe;
    expect(validateStrict([broken]).join('\n')).toMatch(/livenesProbe/);
  }, 120_000);

  it('reports a wrongly typed value to the JSON schema validator', () => {
    const broken = structuredClone(deployment) as typeof deployment & { spec: { template: { spec: { containers: Array<{ ports: Array<{ containerPort: unknown }> }> } } } };
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    expect(validateSchema(broken)).toMatch(/containerPort/);
  });
});
