// JSON Schemas of topology and scenario files, generated from the zod schemas in
// packages/topology (build first): docs/schemas/*.schema.json. Editors that run
// yaml-language-server validate a file that starts with
//   # yaml-language-server: $schema=<path to docs/schemas/scenario.schema.json>
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { scenarioJsonSchema, topologyJsonSchema } from "@vdsim/topology";

const DIR = join(dirname(fileURLToPath(import.meta.url)), "../docs/schemas");

/** Each schema file and its JSON text. */
export function renderFileSchemas() {
  return {
    [join(DIR, "topology.schema.json")]: `${JSON.stringify(topologyJsonSchema(), null, 2)}\n`,
    [join(DIR, "scenario.schema.json")]: `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(DIR, { recursive: true });
  for (const [file, text] of Object.entries(renderFileSchemas())) {
    writeFileSync(file, text);
    console.log(`wrote ${relative(process.cwd(), file)}`);
  }
}
