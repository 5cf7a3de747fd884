import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, parseAllDocuments } from "yaml";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const K8S_DIR = join(ROOT, "deploy", "k8s");

/** A YAML document as plain data; anchors and merge keys (`<<: *x`) resolved as compose resolves them. */
export type Yaml = Record<string, unknown>;

export function readCompose(): Yaml {
  return parse(readFileSync(join(ROOT, "docker-compose.yml"), "utf8"), { merge: true }) as Yaml;
}

export interface K8sObject {
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly body: Yaml;
}

/** Every object in deploy/k8s/*.yaml, in file and document order. */
export function readK8sObjects(): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const file of readdirSync(K8S_DIR).filter((f) => f.endsWith(".yaml")).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(K8S_DIR, file), "utf8"))) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join("; ")}`);
      const body = doc.toJS() as Yaml | null;
      if (body === null) continue;
      const metadata = (body.metadata ?? {}) as { name?: string };
      objects.push({ file, apiVersion: String(body.apiVersion), kind: String(body.kind), name: metadata.name ?? "", body });
    }
  }
  return objects;
}

export function k8sObject(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in deploy/k8s`);
  return found;
}

/** The image tags a file names for nats-server (FROM lines, image: keys). */
export function natsImages(text: string): string[] {
  return [...text.matchAll(/\bnats:(\d+\.\d+\.\d+[\w.-]*)/g)].map((m) => m[1] as string);
}

export function readText(...path: string[]): string {
  return readFileSync(join(ROOT, ...path), "utf8");
}
