import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from "yaml";
import type { z } from "zod";

/** Where a value sits in a file, counted from 1. */
export interface FilePosition {
  readonly line: number;
  readonly column: number;
}

/** One thing wrong with a file: where, which field, and what. */
export interface FileIssue extends FilePosition {
  readonly file: string;
  /** the field's path, dotted: distributedSwitches.dvs1.portGroups.web.vlan */
  readonly field: string;
  readonly message: string;
}

export type FieldPath = ReadonlyArray<string | number>;

/** A file that failed to parse or validate; its message lists every issue as file:line:column: field: message. */
export class FileValidationError extends Error {
  override readonly name = "FileValidationError";
  constructor(readonly issues: readonly FileIssue[]) {
    super(issues.map(formatIssue).join("\n"));
  }
}

export function formatIssue(i: FileIssue): string {
  return `${i.file}:${i.line}:${i.column}: ${i.field === "" ? "" : `${i.field}: `}${i.message}`;
}

export function isFileValidationError(err: unknown): err is FileValidationError {
  return err instanceof FileValidationError;
}

/** A validated file that still knows where each of its values came from. */
export interface ParsedFile<T> {
  readonly file: string;
  readonly value: T;
  /** the position of the value at `path`, else of its nearest enclosing value */
  locate(path: FieldPath): FilePosition;
  /** an issue at `path`, for checks that come after the schema (references, the cluster) */
  issue(path: FieldPath, message: string): FileIssue;
}

/** Parses YAML text and validates it against a schema; throws FileValidationError naming file, line and field. */
export function parseYaml<S extends z.ZodType>(text: string, file: string, schema: S): ParsedFile<z.infer<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const pos = (offset: number): FilePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const locate = (path: FieldPath): FilePosition => pos(offsetOf(doc, path));
  const issue = (path: FieldPath, message: string): FileIssue => ({ file, ...locate(path), field: fieldName(path), message });
  if (doc.errors.length > 0) {
    throw new FileValidationError(doc.errors.map((e) => ({ file, ...pos(e.pos[0]), field: "", message: firstLine(e.message) })));
  }
  const result = schema.safeParse(doc.toJS() ?? {});
  if (!result.success) {
    throw new FileValidationError(
      result.error.issues.map((i) => {
        const path = i.path.filter((p): p is string | number => typeof p !== "symbol");
        if (i.code === "unrecognized_keys") {
          const key = i.keys[0] ?? "";
          return { file, ...pos(offsetOf(doc, [...path, key], true)), field: fieldName([...path, key]), message: `unknown field "${i.keys.join('", "')}"` };
        }
        return issue(path, i.message);
      }),
    );
  }
  return { file, value: result.data, locate, issue };
}

export function fieldName(path: FieldPath): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : p)).join(".").replace(/\.\[/g, "[");
}

function firstLine(s: string): string {
  return s.split("\n")[0] ?? s;
}

/** The offset of the node at `path` (of its key, with `atKey`), walking as far as the document goes (a missing field: its parent). */
function offsetOf(doc: Document, path: FieldPath, atKey = false): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const [i, segment] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      if (atKey && i === path.length - 1) return rangeStart(pair.key) ?? offset;
      const at = rangeStart(pair.value) ?? rangeStart(pair.key);
      if (at !== undefined) offset = at;
      // a field whose value is missing or null: point at its key
      if (pair.value === null || (isScalar(pair.value) && pair.value.value === null)) offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else break;
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

/** A part of a parsed file as a file of its own (an inline topology in a scenario): its paths are prefixed with `prefix`. */
export function scopedFile<T>(parsed: ParsedFile<unknown>, prefix: FieldPath, value: T): ParsedFile<T> {
  return {
    file: parsed.file,
    value,
    locate: (path) => parsed.locate([...prefix, ...path]),
    issue: (path, message) => parsed.issue([...prefix, ...path], message),
  };
}
