import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { importCycles } from "./support/import-cycles.js";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
/** The one package that may depend on services: it starts their processes (it spawns their entry files, never imports them). */
const LAUNCHER = "@vdsim/cluster";

interface Workspace {
  readonly dir: string;
  readonly name: string;
  /** the @vdsim packages it depends on (dependencies, and devDependencies such as a bundle's types) */
  readonly deps: readonly string[];
  readonly isService: boolean;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(ROOT, file), "utf8")) as T;
const rootPackage = readJson<{ workspaces: string[] }>("package.json");
const workspaces: Workspace[] = rootPackage.workspaces.map((dir) => {
  const p = readJson<{ name: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> }>(`${dir}/package.json`);
  const deps = Object.keys({ ...p.dependencies, ...p.devDependencies }).filter((d) => d.startsWith("@vdsim/"));
  return { dir, name: p.name, deps, isService: dir.startsWith("services/") };
});
const byName = new Map(workspaces.map((w) => [w.name, w]));
const byDir = new Map(workspaces.map((w) => [w.dir, w]));

/** A dependency path that leads back to where it started, or undefined when the graph has none. */
function findCycle(): string[] | undefined {
  const done = new Set<string>();
  const visit = (name: string, path: string[]): string[] | undefined => {
    if (path.includes(name)) return [...path.slice(path.indexOf(name)), name];
    if (done.has(name)) return undefined;
    for (const dep of byName.get(name)?.deps ?? []) {
      const cycle = visit(dep, [...path, name]);
      if (cycle) return cycle;
    }
    done.add(name);
    return undefined;
  };
  for (const w of workspaces) {
    const cycle = visit(w.name, []);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Each entry of `order` that names a dependency not listed before it. */
function outOfOrder(order: readonly Workspace[]): string[] {
  return order.flatMap((w, i) => w.deps.filter((d) => !order.slice(0, i).some((before) => before.name === d)).map((d) => `${w.name} comes before ${d}`));
}

/** The files a package builds from: its sources without tests and test support (specs, spec-support, testing/). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "testing" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.spec(-support)?\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The @vdsim packages a source file imports (static, dynamic and type-only imports, re-exports). */
function importedPackages(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from|import)\s*\(?\s*"(@vdsim\/[^/"]+)/g)].map((m) => m[1]!);
}

describe("the workspace packages", () => {
  it("depend on each other without a cycle", () => {
    expect(findCycle()).toBeUndefined();
  });

  it("are listed in the root package.json after what they depend on", () => {
    expect(outOfOrder(workspaces)).toEqual([]);
  });

  it("are referenced by the root tsconfig.json after what they depend on", () => {
    const references = readJson<{ references: Array<{ path: string }> }>("tsconfig.json").references.map((r) => byDir.get(r.path));
    expect(references.filter((w) => w === undefined)).toEqual([]);
    expect(outOfOrder(references.filter((w): w is Workspace => w !== undefined))).toEqual([]);
  });

  it("never depend on a service, except the launcher that starts them", () => {
    const services = new Set(workspaces.filter((w) => w.isService).map((w) => w.name));
    const found = workspaces.filter((w) => !w.isService && w.name !== LAUNCHER).flatMap((w) => w.deps.filter((d) => services.has(d)).map((d) => `${w.name} -> ${d}`));
    expect(found).toEqual([]);
  });

  it("never import a service from their sources, the launcher included", () => {
    const services = new Set(workspaces.filter((w) => w.isService).map((w) => w.name));
    const found = workspaces
      .filter((w) => !w.isService)
      .flatMap((w) => sourceFiles(join(ROOT, w.dir, "src")).flatMap((f) => importedPackages(f).filter((p) => services.has(p)).map((p) => `${f.slice(ROOT.length + 1)} imports ${p}`)));
    expect(found).toEqual([]);
  });

  it("declare every package their sources import", () => {
    const found = workspaces.flatMap((w) =>
      sourceFiles(join(ROOT, w.dir, "src")).flatMap((f) =>
        importedPackages(f)
          .filter((p) => p !== w.name && !w.deps.includes(p))
          .map((p) => `${f.slice(ROOT.length + 1)} imports ${p}, not in ${w.dir}/package.json`),
      ),
    );
    expect([...new Set(found)]).toEqual([]);
  });

  it("have no import circles among their modules (type-only imports included)", () => {
    const dirs = workspaces.map((w) => join(ROOT, w.dir, "src"));
    expect(importCycles(ROOT, dirs).map((c) => c.join(" -> "))).toEqual([]);
  });
});
