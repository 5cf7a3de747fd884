import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** Every .ts source under `dir` (spec files and test support included, .d.ts and build output not). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" || name === "dist" ? [] : sources(path);
    return path.endsWith(".ts") && !path.endsWith(".d.ts") ? [resolve(path)] : [];
  });
}

const RELATIVE_IMPORT = /(?:from|import)\s*\(?\s*"(\.[^"]+)"/g;

/**
 * The import cycles among the modules under `dirs` (relative imports, type-only ones included:
 * a circle of types is a circle a reader follows too), each as the files around it, relative to `root`.
 */
export function importCycles(root: string, dirs: readonly string[]): string[][] {
  const files = dirs.flatMap(sources);
  const known = new Set(files);
  const edges = new Map(
    files.map((f) => [f, [...readFileSync(f, "utf8").matchAll(RELATIVE_IMPORT)].map((m) => resolve(dirname(f), m[1]!.replace(/\.js$/, ".ts"))).filter((g) => known.has(g))]),
  );
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (f: string): void => {
    state.set(f, "open");
    stack.push(f);
    for (const g of edges.get(f) ?? []) {
      if (state.get(g) === "open") cycles.push([...stack.slice(stack.indexOf(g)), g].map((x) => relative(root, x)));
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return cycles;
}
