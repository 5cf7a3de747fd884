// The event catalog: docs/events.md, generated from the event definitions in packages/model,
// so it never drifts from the code. `npm run docs:events` writes it; a unit test fails when
// the file differs from what this generates.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const MODEL = join(ROOT, "packages/model/src");
export const CATALOG_FILE = join(ROOT, "docs/events.md");

/** Where each group of events is declared, and where in the log it is filed. */
const GROUPS = [
  { title: "Management events", file: "events.ts", subject: "vdsim.evt.global.<host|vds|vm>.<id>", writer: "the management service" },
  { title: "Migration events", file: "migration/events.ts", subject: "vdsim.evt.global.migration.<migration>", writer: "the management service's vMotion orchestrator" },
  { title: "Host events", file: "host/events.ts", subject: "vdsim.evt.host.<host>.<vss|vmk|vds|netstack>.<id>", writer: "the host's own agent" },
];

/** Files whose declarations event fields refer to. */
const TYPE_FILES = ["policy.ts", "state.ts", "host/state.ts", "migration/state.ts"];

const parse = (file) => ts.createSourceFile(file, readFileSync(join(MODEL, file), "utf8"), ts.ScriptTarget.ES2022, true);

const docOf = (node) =>
  (node.jsDoc ?? [])
    .map((d) => (typeof d.comment === "string" ? d.comment : (d.comment ?? []).map((c) => c.text).join("")))
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();

const oneLine = (text) => text.replace(/\s+/g, " ").replace(/\{ /g, "{ ").replace(/ \}/g, " }").replace(/; \}/g, " }");

/** EVENT_SCHEMA's entries: each event type and its current schema version. */
function schemaVersions() {
  const versions = new Map();
  const visit = (node) => {
    if (ts.isVariableDeclaration(node) && node.name.getText() === "EVENT_SCHEMA") {
      let init = node.initializer;
      while (init && !ts.isObjectLiteralExpression(init)) init = init.expression;
      for (const p of init?.properties ?? []) versions.set(p.name.getText(), Number(p.initializer.getText()));
    }
    ts.forEachChild(node, visit);
  };
  visit(parse("events.ts"));
  return versions;
}

/** Each interface with a literal `type` and a `data`: the event, its description and its fields. */
function eventsIn(file) {
  const events = [];
  for (const stmt of parse(file).statements) {
    if (!ts.isInterfaceDeclaration(stmt)) continue;
    const type = stmt.members.find((m) => m.name?.getText() === "type");
    const data = stmt.members.find((m) => m.name?.getText() === "data");
    if (!type || !data || !ts.isLiteralTypeNode(type.type)) continue;
    const fields = ts.isTypeLiteralNode(data.type)
      ? data.type.members.map((m) => ({ name: m.name.getText(), optional: m.questionToken !== undefined, type: oneLine(m.type.getText()), doc: docOf(m) }))
      : [{ name: "(data)", optional: false, type: oneLine(data.type.getText()), doc: "" }];
    events.push({ type: type.type.literal.text, doc: [docOf(stmt), docOf(data)].filter(Boolean).join(" "), fields });
  }
  return events;
}

/** The declarations of the types event fields name, verbatim from the model. */
function referencedTypes(names) {
  const found = [];
  for (const file of TYPE_FILES) {
    for (const stmt of parse(file).statements) {
      if (!(ts.isInterfaceDeclaration(stmt) || ts.isTypeAliasDeclaration(stmt)) || !names.has(stmt.name.text)) continue;
      found.push({ name: stmt.name.text, file, text: stmt.getText().replace(/^export /, "") });
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

const cell = (s) => s.replace(/\|/g, "\\|");

/** The catalog as Markdown. Throws when an event type in EVENT_SCHEMA has no declaration. */
export function renderEventCatalog() {
  const versions = schemaVersions();
  const out = [
    "# Event catalog",
    "",
    "<!-- Generated from packages/model/src by scripts/event-catalog.mjs (npm run docs:events). Do not edit by hand. -->",
    "",
    "Every event type the log holds, with its current schema version and the fields of its `data`.",
    "Each is stored in an envelope: `type`, `v` (the schema version), `time`, `id`, `correlationId`",
    "(the command or migration that caused it), optional `causationId`, and `data`. A new version is",
    "added and upcast on read; an event is never rewritten.",
    "",
  ];
  const seen = new Set();
  const typeNames = new Set();
  for (const group of GROUPS) {
    const events = eventsIn(group.file);
    out.push(`## ${group.title}`, "", `Written by ${group.writer} on \`${group.subject}\`; declared in \`packages/model/src/${group.file}\`.`, "");
    out.push("| event | version |", "|---|---|");
    for (const e of events) out.push(`| [${e.type}](#${e.type.toLowerCase()}) | ${versions.get(e.type) ?? "?"} |`);
    out.push("");
    for (const e of events) {
      const v = versions.get(e.type);
      if (v === undefined) throw new Error(`${e.type} (${group.file}) is not in EVENT_SCHEMA`);
      seen.add(e.type);
      out.push(`### ${e.type}`, "", `Schema version ${v}.${e.doc ? ` ${e.doc}` : ""}`, "", "| field | type | |", "|---|---|---|");
      for (const f of e.fields) {
        out.push(`| \`${f.name}\`${f.optional ? " (optional)" : ""} | \`${cell(f.type)}\` | ${cell(f.doc)} |`);
        for (const m of f.type.matchAll(/\b[A-Z][A-Za-z0-9]+\b/g)) typeNames.add(m[0]);
      }
      out.push("");
    }
  }
  const missing = [...versions.keys()].filter((t) => !seen.has(t));
  if (missing.length > 0) throw new Error(`EVENT_SCHEMA lists ${missing.join(", ")}, declared in none of ${GROUPS.map((g) => g.file).join(", ")}`);
  // types referred to by referenced types, until none is new
  for (let size = -1; size !== typeNames.size; ) {
    size = typeNames.size;
    for (const t of referencedTypes(typeNames)) for (const m of t.text.matchAll(/\b[A-Z][A-Za-z0-9]+\b/g)) typeNames.add(m[0]);
  }
  out.push("## Types the fields refer to", "");
  for (const t of referencedTypes(typeNames)) out.push(`### ${t.name}`, "", `\`packages/model/src/${t.file}\``, "", "```ts", t.text, "```", "");
  return `${out.join("\n").trimEnd()}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(CATALOG_FILE, renderEventCatalog());
  console.log(`wrote ${relative(process.cwd(), CATALOG_FILE)}`);
}
