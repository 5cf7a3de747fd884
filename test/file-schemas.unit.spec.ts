import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020Module from "ajv/dist/2020.js";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { renderFileSchemas } from "../scripts/file-schemas.mjs";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

/** docs/schemas/*.schema.json come from the zod schemas; the examples validate against them. */
describe("the JSON Schemas of topology and scenario files", () => {
  const schemas = renderFileSchemas();

  it("are up to date (run `npm run docs:schemas` after changing packages/topology's schemas)", () => {
    for (const [file, text] of Object.entries(schemas)) expect(readFileSync(file, "utf8"), file).toBe(text);
  });

  it("accept every example and refuse a misspelt step", () => {
    const ajv = new Ajv2020Module.default({ allErrors: true, strict: false });
    const schemaOf = (name: string) => JSON.parse(schemas[join(ROOT, "docs/schemas", name)]!) as object;
    const scenario = ajv.compile(schemaOf("scenario.schema.json"));
    const topology = ajv.compile(schemaOf("topology.schema.json"));
    const examples = readdirSync(join(ROOT, "examples")).filter((f) => f.endsWith(".scenario.yaml"));
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const f of examples) {
      expect(scenario(parse(readFileSync(join(ROOT, "examples", f), "utf8"))), `${f}: ${JSON.stringify(scenario.errors)}`).toBe(true);
    }
    expect(topology(parse(readFileSync(join(ROOT, "examples/basic-vds.topology.yaml"), "utf8")))).toBe(true);
    expect(scenario({ name: "x", hosts: 1, topology: {}, steps: [{ migrte: { vm: "a", to: "b" } }] })).toBe(false);
  });
});
