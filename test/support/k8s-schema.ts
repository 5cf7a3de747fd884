import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import ts from "typescript";
import * as appsV1 from "kubernetes-models/apps/v1";
import * as coreV1 from "kubernetes-models/v1";
import type { K8sObject } from "./deploy-files.js";

/** What kubernetes-models offers per apiVersion: one class per kind, each with a schema `validate()`. */
const MODELS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = { v1: coreV1, "apps/v1": appsV1 };
/** Where kubernetes-types declares each apiVersion's kinds. */
const TYPES_MODULE: Readonly<Record<string, string>> = { v1: "kubernetes-types/core/v1", "apps/v1": "kubernetes-types/apps/v1" };

interface Validatable {
  validate(): void;
}

/** Validates an object against the Kubernetes OpenAPI schema (types, required fields, enums, formats). */
export function schemaErrors(object: K8sObject): string | undefined {
  const Model = MODELS[object.apiVersion]?.[object.kind];
  if (typeof Model !== "function") return `${object.file}: no schema for ${object.apiVersion} ${object.kind}`;
  try {
    (new (Model as new (body: unknown) => Validatable)(object.body)).validate();
    return undefined;
  } catch (err) {
    return `${object.file} ${object.kind}/${object.name}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/**
 * The schemas allow fields they do not know (as the API server does, unlike kubectl's strict
 * field validation); a misspelt field would be silently dropped. Assigning each object as a
 * literal to its kubernetes-types type lets the TypeScript checker report every unknown field.
 */
export function unknownFieldErrors(objects: readonly K8sObject[]): string[] {
  const require = createRequire(import.meta.url);
  const typesDir = dirname(require.resolve("kubernetes-types/package.json"));
  const file = join(typesDir, "__vdsim_manifests__.ts");
  // one line per object, so a diagnostic's line names its object
  const lines = objects.map((o, i) => {
    const module = TYPES_MODULE[o.apiVersion];
    if (!module) return `// no types for ${o.apiVersion}`;
    return `import type { ${o.kind} as K${i} } from "${module}"; export const object${i}: K${i} = ${JSON.stringify(o.body)};`;
  });
  const source = lines.join("\n");
  const options: ts.CompilerOptions = { strict: true, noEmit: true, types: [], module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    const o = d.file?.fileName === file ? objects[line] : undefined;
    return `${o ? `${o.file} ${o.kind}/${o.name}` : "manifest"}: ${text}`;
  });
}
