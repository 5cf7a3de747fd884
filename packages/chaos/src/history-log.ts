import { closeSync, fsyncSync, openSync, renameSync, writeSync } from "node:fs";
import { serializeHistory, type History, type HistoryEntry } from "@vdsim/checker";

/**
 * history.jsonl as the run records it: the header line when the run starts, then each entry
 * appended (one JSON line, written through to the file) the moment it is recorded, so a run
 * killed at any point leaves every entry recorded so far. `finish` rewrites the file once,
 * atomically, with the header's real end time.
 */
export class HistoryLog {
  readonly #entries: HistoryEntry[] = [];
  #fd: number | undefined;

  constructor(
    readonly file: string,
    readonly seed: string,
    readonly startedAt: number,
  ) {
    this.#fd = openSync(file, "w");
    this.#write({ type: "header", seed, startedAt, endedAt: startedAt });
  }

  get entries(): readonly HistoryEntry[] {
    return this.#entries;
  }

  record(entry: HistoryEntry): void {
    this.#entries.push(entry);
    this.#write(entry);
  }

  /** The whole history, with the header's end time, written over the appended file. */
  finish(endedAt: number): History {
    const history: History = { seed: this.seed, startedAt: this.startedAt, endedAt, entries: [...this.#entries] };
    this.close();
    const tmp = `${this.file}.tmp`;
    const fd = openSync(tmp, "w");
    try {
      writeSync(fd, serializeHistory(history));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    return history;
  }

  close(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
  }

  #write(line: object): void {
    if (this.#fd === undefined) return;
    writeSync(this.#fd, JSON.stringify(line) + "\n");
  }
}
