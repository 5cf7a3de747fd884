/** Stable codes for what the data plane refuses; callers branch on them, not on messages. */
export const DataPlaneErrorCode = {
  NoFreePort: "NO_FREE_PORT",
  UnknownSwitch: "UNKNOWN_SWITCH",
  UnknownPort: "UNKNOWN_PORT",
  UnknownUplink: "UNKNOWN_UPLINK",
  UplinkInUse: "UPLINK_IN_USE",
  InvalidConfig: "INVALID_CONFIG",
  MessageTooLong: "MESSAGE_TOO_LONG",
} as const;
export type DataPlaneErrorCode = (typeof DataPlaneErrorCode)[keyof typeof DataPlaneErrorCode];

export abstract class DataPlaneError extends Error {
  abstract readonly code: DataPlaneErrorCode;
}

/** More ports connected to a switch than its preset number of ports. */
export class NoFreePortError extends DataPlaneError {
  override readonly name = "NoFreePortError";
  readonly code = DataPlaneErrorCode.NoFreePort;
  constructor(
    readonly switchName: string,
    readonly ports: number,
    readonly requested: number,
  ) {
    super(`Switch "${switchName}" has no free port: it has ${ports} ports and ${requested} would be connected`);
  }
}

export class UnknownSwitchError extends DataPlaneError {
  override readonly name = "UnknownSwitchError";
  readonly code = DataPlaneErrorCode.UnknownSwitch;
  constructor(
    readonly switchName: string,
    where = "",
  ) {
    super(`Switch "${switchName}" not found${where ? ` ${where}` : ""}`);
  }
}

export class UnknownPortError extends DataPlaneError {
  override readonly name = "UnknownPortError";
  readonly code = DataPlaneErrorCode.UnknownPort;
  constructor(readonly portId: string) {
    super(`Port "${portId}" not found`);
  }
}

export class UnknownUplinkError extends DataPlaneError {
  override readonly name = "UnknownUplinkError";
  readonly code = DataPlaneErrorCode.UnknownUplink;
  constructor(readonly vmnic: string) {
    super(`Physical adapter "${vmnic}" is not an uplink of any switch`);
  }
}

/** A vmnic can back an uplink of one switch only. */
export class UplinkInUseError extends DataPlaneError {
  override readonly name = "UplinkInUseError";
  readonly code = DataPlaneErrorCode.UplinkInUse;
  constructor(
    readonly vmnic: string,
    readonly switchName: string,
    readonly otherSwitch: string,
  ) {
    super(`Physical adapter "${vmnic}" of switch "${switchName}" is already an uplink of switch "${otherSwitch}"`);
  }
}

export class InvalidConfigError extends DataPlaneError {
  override readonly name = "InvalidConfigError";
  readonly code = DataPlaneErrorCode.InvalidConfig;
}

/** A don't-fragment packet larger than the sending interface's MTU: the stack refuses to send it (EMSGSIZE). */
export class MessageTooLongError extends DataPlaneError {
  override readonly name = "MessageTooLongError";
  readonly code = DataPlaneErrorCode.MessageTooLong;
  constructor(
    readonly packetBytes: number,
    readonly mtu: number,
  ) {
    super(`Message too long: a ${packetBytes}-byte packet with don't fragment set exceeds the interface's MTU ${mtu}`);
  }
}

export function isDataPlaneError(err: unknown): err is DataPlaneError {
  return err instanceof DataPlaneError;
}

export function isNoFreePortError(err: unknown): err is NoFreePortError {
  return err instanceof NoFreePortError;
}
