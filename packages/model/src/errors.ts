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

/**
 * A command the domain refuses. The message names the object involved. Where an ESXi host's own
 * tools word the refusal otherwise (esxcli relays the VMkernel's text, which often names
 * nothing), `hostText` is that text, and esxcli / vicfg-* print it instead.
 */
export class DomainError extends Error {
  override readonly name = "DomainError";
  readonly hostText: string | undefined;
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    options: { readonly hostText?: string } = {},
  ) {
    super(message);
    this.hostText = options.hostText;
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
