/** Why a command was refused. Stable codes: the CLI and clients branch on them. */
export const DomainErrorCode = {
  NotFound: "NOT_FOUND",
  AlreadyExists: "ALREADY_EXISTS",
  InvalidArgument: "INVALID_ARGUMENT",
  InUse: "IN_USE",
  NoFreePort: "NO_FREE_PORT",
  HostNotResponding: "HOST_NOT_RESPONDING",
} as const;
export type DomainErrorCode = (typeof DomainErrorCode)[keyof typeof DomainErrorCode];

/** A command the domain refuses. The message names the object involved. */
export class DomainError extends Error {
  override readonly name = "DomainError";
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}

export const notFound = (what: string, name: string, where = ""): DomainError =>
  new DomainError(DomainErrorCode.NotFound, `${what} "${name}" not found${where ? ` ${where}` : ""}`);

export const alreadyExists = (what: string, name: string, where = ""): DomainError =>
  new DomainError(DomainErrorCode.AlreadyExists, `${what} "${name}" already exists${where ? ` ${where}` : ""}`);

export const invalid = (message: string): DomainError => new DomainError(DomainErrorCode.InvalidArgument, message);
