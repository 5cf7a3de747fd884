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

/** Following the log ended for good: the follow failed, an event could not be applied, or the follow ended unasked. */
export class FollowFailed extends Error {
  override readonly name = "FollowFailed";
  constructor(
    readonly appliedSeq: number,
    options?: { cause?: unknown },
  ) {
    super(`following the event log failed after sequence ${appliedSeq}: ${options?.cause === undefined ? "the follow ended" : String(options.cause)}`, options);
  }
}

/** A wait for a sequence that the follower was stopped before reaching. */
export class FollowerStopped extends Error {
  override readonly name = "FollowerStopped";
  constructor(
    readonly seq: number,
    readonly appliedSeq: number,
  ) {
    super(`the log follower stopped at sequence ${appliedSeq}, before reaching ${seq}`);
  }
}

/** A wait for a sequence that was not applied within its deadline. */
export class CatchUpTimeout extends Error {
  override readonly name = "CatchUpTimeout";
  constructor(
    readonly seq: number,
    readonly appliedSeq: number,
    readonly timeoutMs: number,
  ) {
    super(`the log follower did not reach sequence ${seq} within ${timeoutMs} ms (applied ${appliedSeq})`);
  }
}
