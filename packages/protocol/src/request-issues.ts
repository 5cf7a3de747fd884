import type { z } from "zod";

// How a refused body is described: each wrong field's path, what it expected and what came instead,
// in words a person sending a request by hand can act on ("argv: expected array, received number").

/** The error map a request's schema parses with: zod's defaults, except for the shapes a body gets wrong most. */
export const issueMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${issue.expected}, received ${kindOf(issue.input)}`;
    case "invalid_value":
      return `expected ${oneOf(issue.values)}, received ${shown(issue.input)}`;
    case "invalid_union":
      if (issue.discriminator === undefined) return undefined;
      // the issue's input is the object whose discriminator matched no form
      return `expected ${oneOf(Array.isArray(issue.options) ? issue.options : [])}, received ${shown(fieldOf(issue.input, issue.discriminator))}`;
    default:
      return undefined;
  }
};

/** Every issue, as `path: message`, the path's fields joined by dots ("command.patch.vlan.kind"). */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => (i.path.length === 0 ? describeIssue(i) : `${i.path.map(String).join(".")}: ${describeIssue(i)}`)).join("; ");
}

/** A union without a discriminator says what each of its forms found wrong. */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code !== "invalid_union" || issue.errors.length === 0) return issue.message;
  return `fits none of its forms (${issue.errors.map(describeIssues).join(" | ")})`;
}

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function oneOf(values: readonly unknown[]): string {
  if (values.length === 1) return shown(values[0]);
  return `one of ${values.map(shown).join(", ")}`;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (value instanceof Uint8Array) return "bytes";
  return typeof value;
}

function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return kindOf(value);
}
