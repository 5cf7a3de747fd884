import { captureSnapshot, type SnapshotContent, type SnapshotInfo, type SnapshotStore } from "@vdsim/eventstore";
import type { Logger } from "@vdsim/runtime";

/**
 * Writes a snapshot of the management service's state every `every` events (0: only when
 * asked), one at a time. The state is captured at once (so folds after it cannot reach it) and
 * stored in the background; a write that fails is logged and tried again `every` events later.
 */
export class SnapshotWriter {
  #lastSeq = 0;
  #last: SnapshotInfo | undefined;
  #writing: Promise<SnapshotInfo> | undefined;

  constructor(
    private readonly store: Pick<SnapshotStore, "write">,
    private readonly content: () => SnapshotContent,
    private readonly every: number,
    private readonly log: Logger,
    startedFrom?: SnapshotInfo,
  ) {
    this.#lastSeq = startedFrom?.seq ?? 0;
    this.#last = startedFrom;
  }

  /** The newest snapshot this service wrote, or the one it started from. */
  get last(): SnapshotInfo | undefined {
    return this.#last;
  }

  /** Told of every folded sequence. */
  folded(seq: number): void {
    if (this.every > 0 && !this.#writing && seq - this.#lastSeq >= this.every) {
      this.write().catch((err: unknown) => this.log.warn({ err, seq }, "a snapshot was not written; the next is due in another " + this.every + " events"));
    }
  }

  /** Writes a snapshot of the state now (after any write under way); the newest one when nothing was folded since. */
  async write(): Promise<SnapshotInfo> {
    while (this.#writing) await this.#writing.catch(() => undefined);
    const content = this.content();
    if (this.#last && this.#last.seq === content.seq) return this.#last;
    const t0 = performance.now();
    const { body, hash } = captureSnapshot(content);
    this.#lastSeq = content.seq;
    const writing = this.store.write(content.seq, hash, body);
    this.#writing = writing;
    try {
      const info = await writing;
      this.#last = info;
      this.log.info({ seq: info.seq, bytes: info.bytes, storedBytes: info.storedBytes, ms: Math.round(performance.now() - t0) }, "wrote a snapshot of the state");
      return info;
    } finally {
      this.#writing = undefined;
    }
  }
}
