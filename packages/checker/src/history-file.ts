import { readFileSync, writeFileSync } from "node:fs";
import type { History, HistoryEntry } from "./history.js";

/** The first line of history.jsonl. */
interface HistoryHeader {
  readonly type: "header";
  readonly seed: string;
  readonly startedAt: number;
  readonly endedAt: number;
}

const ENTRY_TYPES = new Set<string>(["op", "fault", "flow", "convergence"]);

/**
 * history.jsonl: a header line `{"type":"header","seed":...,"startedAt":...,"endedAt":...}`, then
 * one entry per line (`"type"`: op, fault, flow or convergence), in the order they were recorded.
 */
export function serializeHistory(history: History): string {
  const header: HistoryHeader = { type: "header", seed: history.seed, startedAt: history.startedAt, endedAt: history.endedAt };
  return [header, ...history.entries].map((e) => JSON.stringify(e)).join("\n") + "\n";
}

/** Parses history.jsonl; `source` names the file in errors. Blank lines are skipped. */
export function parseHistory(text: string, source = "history"): History {
  let header: HistoryHeader | undefined;
  const entries: HistoryEntry[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new Error(`${source}:${i + 1}: not JSON (${(err as Error).message})`);
    }
    const type = typeof value === "object" && value !== null ? (value as { type?: unknown }).type : undefined;
    if (type === "header") {
      if (header) throw new Error(`${source}:${i + 1}: a second header`);
      header = value as HistoryHeader;
    } else if (typeof type === "string" && ENTRY_TYPES.has(type)) {
      entries.push(value as HistoryEntry);
    } else {
      throw new Error(`${source}:${i + 1}: unknown entry type ${JSON.stringify(type)}`);
    }
  }
  if (!header) throw new Error(`${source}: no header line ({"type":"header","seed":...})`);
  return { seed: String(header.seed), startedAt: Number(header.startedAt), endedAt: Number(header.endedAt), entries };
}

export function readHistory(file: string): History {
  return parseHistory(readFileSync(file, "utf8"), file);
}

export function writeHistory(file: string, history: History): void {
  writeFileSync(file, serializeHistory(history));
}
