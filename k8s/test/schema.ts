// Validation of Kubernetes objects against the real API schemas, offline, from the `kubernetes-models` package
// (generated from Kubernetes' OpenAPI spec):
//  - validateSchema: its JSON-schema validators (types, required fields, enums, formats);
//  - validateStrict: its TypeScript interfaces, through the TypeScript compiler, which also rejects fields the
//    API does not have (a misspelt `livenesProbe` passes a JSON schema without additionalProperties: false, and
//    kubectl's strict field validation would reject it).
import { join } from 'node:path';
import * as ts from 'typescript';
import type { K8sObject } from './kustomize';

interface ModelClass {
  new (data: unknown): { validate(): void };
}

/** `kubernetes-models/<apiVersion>/<Kind>`, e.g. kubernetes-models/apps/v1/Deployment, kubernetes-models/v1/Service. */
function modulePath(o: K8sObject): string {
  if (!/^([a-z0-9.-]+\/)?v\d+((alpha|beta)\d+)?$/.test(o.apiVersion) || !/^[A-Z][A-Za-z]+$/.test(o.kind)) {
    throw new Error(`${o.kind}/${o.metadata.name}: malformed apiVersion/kind ${o.apiVersion} ${o.kind}`);
  }
  return `kubernetes-models/${o.apiVersion}/${o.kind}`;
}

export function isKnownKind(o: K8sObject): boolean {
  try {
    require.resolve(modulePath(o));
    return true;
  } catch {
    return false;
  }
}

/** JSON-schema errors of one object ('' when valid). */
export function validateSchema(o: K8sObject): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Model = (require(modulePath(o)) as Record<string, ModelClass>)[o.kind];
  try {
    new Model(o).validate();
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Type-checks every object as an object literal of its kubernetes-models interface (`IDeployment`, ...), which
 * reports unknown fields, wrong types and bad enum values. Returns one message per problem, naming the object.
 */
export function validateStrict(objects: K8sObject[]): string[] {
  const fileName = join(__dirname, '__k8s_objects__.ts');
  const starts: number[] = [];
  const lines: string[] = [];
  objects.forEach((o, i) => {
    lines.push(`import type { I${o.kind} as T${i} } from '${modulePath(o)}';`);
  });
  objects.forEach((o, i) => {
    starts.push(lines.length);
    lines.push(...`export const o${i}: T${i} = ${JSON.stringify(o, null, 1)};`.split('\n'));
  });
  const source = lines.join('\n');

  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    name === fileName ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || fileExists(name);
  const program = ts.createProgram({ rootNames: [fileName], options, host });

  const diagnostics = [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics(), ...program.getGlobalDiagnostics()];
  return diagnostics.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n  ');
    if (!d.file || d.start === undefined) return message;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    let index = starts.length - 1;
    while (index > 0 && starts[index] > line) index--;
    const o = objects[index];
    const text = source.split('\n')[line]?.trim();
    return d.file.fileName === fileName && line >= (starts[0] ?? 0)
      ? `${o.kind}/${o.metadata.name}: ${message} (at ${text})`
      : `${d.file.fileName}:${line + 1}: ${message}`;
  });
}

