/** Another writer appended first: the log's (or the subject's) last sequence is not the one the append expected. */
export class ConcurrencyError extends Error {
  override readonly name = "ConcurrencyError";
  constructor(
    readonly expectedLastSeq: number,
    readonly actualLastSeq: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      `wrong last sequence: expected ${expectedLastSeq}${actualLastSeq === undefined ? "" : `, log is at ${actualLastSeq}`}`,
      options,
    );
  }
}

export function isConcurrencyError(err: unknown): err is ConcurrencyError {
  return err instanceof ConcurrencyError;
}
