import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EVENT_SCHEMA } from "@vdsim/model";
import { CATALOG_FILE, renderEventCatalog } from "../scripts/event-catalog.mjs";

/** docs/events.md is generated from the event definitions: it must say what the code says. */
describe("the event catalog", () => {
  const generated = renderEventCatalog();

  it("is up to date (run `npm run docs:events` after changing an event)", () => {
    expect(readFileSync(CATALOG_FILE, "utf8")).toBe(generated);
  });

  it("lists every event type with its schema version", () => {
    for (const [type, version] of Object.entries(EVENT_SCHEMA)) {
      expect(generated).toContain(`| [${type}](#${type.toLowerCase()}) | ${version} |`);
      expect(generated).toContain(`### ${type}\n\nSchema version ${version}.`);
    }
  });

  it("names each field with its type, and the types fields refer to", () => {
    expect(generated).toContain("| `changes` | `Partial<PortGroupPolicy>` |");
    expect(generated).toContain("### PortGroupPolicy\n\n`packages/model/src/policy.ts`\n\n```ts\ninterface PortGroupPolicy {");
  });
});
