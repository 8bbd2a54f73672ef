// A small, strict stand-in for `kustomize build` (no kubectl/kustomize binary is needed to test the manifests).
// It supports exactly what k8s/ uses and throws on anything else, so a feature it does not understand can never
// be silently skipped: resources (files and directories), namespace, images, and patches (JSON 6902 with a
// target, or a strategic-merge `$patch: delete`). A patch that matches nothing is an error (a typo, usually).
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isMap, isScalar, isSeq, parseAllDocuments, visit, type Document } from 'yaml';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A Kubernetes object; fields beyond the metadata are as free-form as the YAML they come from. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: Json;
}

const SUPPORTED_KEYS = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images', 'patches']);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass', 'IngressClass']);

/**
 * Parses every document of a YAML file the way kubectl sees it: YAML 1.1 (`yes`/`on` are booleans, `0755` is
 * octal), duplicate keys rejected, and flow-collection scalars that Go's YAML parser rejects flagged.
 */
export function parseYamlFile(file: string): Json[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { version: '1.1', uniqueKeys: true, strict: true, prettyErrors: true });
  return (Array.isArray(docs) ? docs : [docs])
    .map((doc) => {
      const problems = [...doc.errors.map((e) => e.message), ...goYamlIncompatibilities(doc)];
      if (problems.length > 0) throw new Error(`${file}: ${problems.join('; ')}`);
      return doc.toJS({ maxAliasCount: 100 });
    })
    .filter((value) => value !== null && value !== undefined);
}

/** Plain scalars inside `{...}`/`[...]` that contain `?` or start with `:` are fine in YAML 1.2 but not for go-yaml. */
function goYamlIncompatibilities(doc: Document.Parsed): string[] {
  const problems: string[] = [];
  visit(doc, {
    Scalar(_key, node, path) {
      const inFlow = path.some((ancestor) => (isMap(ancestor) || isSeq(ancestor)) && ancestor.flow);
      const text = String(node.source ?? node.value);
      if (isScalar(node) && node.type === 'PLAIN' && inFlow && (text.includes('?') || text.startsWith(':'))) {
        problems.push(`quote "${text}": kubectl's YAML parser rejects it unquoted inside a flow collection`);
      }
    },
  });
  return problems;
}

export function objectId(o: K8sObject): string {
  return `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}

/** `kustomize build dir`: the objects of dir/kustomization.yaml, transformed. */
export function buildKustomization(dir: string): K8sObject[] {
  const [k] = parseYamlFile(join(dir, 'kustomization.yaml'));
  if (k.apiVersion !== 'kustomize.config.k8s.io/v1beta1' || k.kind !== 'Kustomization') throw new Error(`${dir}: not a v1beta1 Kustomization`);
  const unsupported = Object.keys(k).filter((key) => !SUPPORTED_KEYS.has(key));
  if (unsupported.length > 0) throw new Error(`${dir}/kustomization.yaml: the test's builder does not support ${unsupported.join(', ')}`);

  let objects: K8sObject[] = [];
  for (const resource of (k.resources ?? []) as string[]) {
    const target = resolve(dir, resource);
    const found = statSync(target).isDirectory() ? buildKustomization(target) : (parseYamlFile(target) as K8sObject[]);
    objects.push(...found.map(checkObjectShape(target)));
  }
  assertUniqueIds(objects, dir);

  for (const patch of (k.patches ?? []) as Json[]) objects = applyPatch(objects, patch, dir);
  for (const image of (k.images ?? []) as Json[]) setImage(objects, image, dir);
  if (k.namespace) {
    for (const o of objects) if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = k.namespace;
  }
  assertUniqueIds(objects, dir);
  return objects;
}

function checkObjectShape(file: string) {
  return (o: Json): K8sObject => {
    if (typeof o?.apiVersion !== 'string' || typeof o?.kind !== 'string' || typeof o?.metadata?.name !== 'string') {
      throw new Error(`${file}: every document needs apiVersion, kind and metadata.name`);
    }
    return o;
  };
}

function assertUniqueIds(objects: K8sObject[], dir: string): void {
  const seen = new Set<string>();
  for (const o of objects) {
    const id = objectId(o);
    if (seen.has(id)) throw new Error(`${dir}: ${id} is defined twice`);
    seen.add(id);
  }
}

function applyPatch(objects: K8sObject[], entry: Json, dir: string): K8sObject[] {
  if (typeof entry.patch !== 'string') throw new Error(`${dir}: only inline patches (patch: |-) are supported`);
  const [body] = parseYamlFileFromString(entry.patch, dir);
  if (Array.isArray(body)) {
    const targets = objects.filter((o) => matches(o, entry.target ?? {}));
    if (!entry.target || targets.length === 0) throw new Error(`${dir}: JSON patch target ${JSON.stringify(entry.target)} matches nothing`);
    for (const o of targets) applyJsonPatch(o, body, `${dir} -> ${objectId(o)}`);
    return objects;
  }
  if (body?.$patch === 'delete') {
    const target = { kind: body.kind, name: body.metadata?.name };
    const remaining = objects.filter((o) => !matches(o, target));
    if (remaining.length === objects.length) throw new Error(`${dir}: delete patch ${JSON.stringify(target)} matches nothing`);
    return remaining;
  }
  throw new Error(`${dir}: only JSON 6902 patches and \`$patch: delete\` are supported`);
}

function parseYamlFileFromString(text: string, dir: string): Json[] {
  const docs = parseAllDocuments(text, { version: '1.1', uniqueKeys: true, strict: true });
  return (Array.isArray(docs) ? docs : [docs]).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${dir}: patch: ${doc.errors[0].message}`);
    return doc.toJS();
  });
}

function matches(o: K8sObject, target: { kind?: string; name?: string; group?: string; version?: string }): boolean {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  return (
    (!target.kind || target.kind === o.kind) &&
    (!target.name || target.name === o.metadata.name) &&
    (target.group === undefined || target.group === group) &&
    (!target.version || target.version === version)
  );
}

/** RFC 6902 add / replace / remove / test. */
export function applyJsonPatch(doc: Json, ops: Json[], where: string): void {
  for (const op of ops) {
    const tokens = String(op.path).split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = tokens.pop() as string;
    let parent = doc;
    for (const token of tokens) {
      parent = parent?.[Array.isArray(parent) ? Number(token) : token];
      if (parent === undefined) throw new Error(`${where}: ${op.op} ${op.path}: no such path`);
    }
    const exists = Array.isArray(parent) ? last !== '-' && Number(last) < parent.length : last in parent;
    switch (op.op) {
      case 'add':
        if (Array.isArray(parent)) parent.splice(last === '-' ? parent.length : Number(last), 0, op.value);
        else parent[last] = op.value;
        break;
      case 'replace':
      case 'remove':
        if (!exists) throw new Error(`${where}: ${op.op} ${op.path}: no such path`);
        if (op.op === 'replace') parent[Array.isArray(parent) ? Number(last) : last] = op.value;
        else if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete parent[last];
        break;
      case 'test':
        if (JSON.stringify(parent[last]) !== JSON.stringify(op.value)) throw new Error(`${where}: test ${op.path} failed`);
        break;
      default:
        throw new Error(`${where}: unsupported JSON patch op ${op.op}`);
    }
  }
}

export function podSpecOf(o: K8sObject): Json | undefined {
  const spec = o.spec as Json;
  if (o.kind === 'Pod') return spec;
  if (o.kind === 'CronJob') return spec?.jobTemplate?.spec?.template?.spec;
  return spec?.template?.spec;
}

function setImage(objects: K8sObject[], image: Json, dir: string): void {
  let used = false;
  for (const o of objects) {
    const pod = podSpecOf(o);
    for (const c of [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])]) {
      const [name, tag] = splitImage(c.image);
      if (name !== image.name) continue;
      c.image = `${image.newName ?? name}${image.digest ? `@${image.digest}` : `:${image.newTag ?? tag}`}`;
      used = true;
    }
  }
  if (!used) throw new Error(`${dir}: image ${image.name} is used by no container`);
}

export function splitImage(ref: string): [string, string] {
  const at = ref.lastIndexOf(':');
  return at > ref.lastIndexOf('/') ? [ref.slice(0, at), ref.slice(at + 1)] : [ref, 'latest'];
}
