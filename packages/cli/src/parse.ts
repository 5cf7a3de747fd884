import { InvalidArgumentError } from "commander";
import { DomainError, parseVlan, type VlanSpec } from "@vdsim/model";
import { parseDurationMs } from "@vdsim/runtime";

export function parseBool(value: string): boolean {
  const v = value.toLowerCase();
  if (["true", "yes", "1", "accept"].includes(v)) return true;
  if (["false", "no", "0", "reject"].includes(v)) return false;
  throw new InvalidArgumentError(`expected true or false, got "${value}"`);
}

export function parseIntArg(value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected an integer, got "${value}"`);
  return Number(value);
}

export function parseVlanArg(value: string): VlanSpec {
  try {
    return parseVlan(value);
  } catch (err) {
    throw new InvalidArgumentError(err instanceof DomainError ? err.message : String(err));
  }
}

export function parseList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").map((s) => s.trim()).filter((s) => s.length > 0)];
}

/** "30s", "2m", "500ms" or plain seconds, to milliseconds. */
export function parseDuration(value: string): number {
  const ms = parseDurationMs(value);
  if (ms === undefined) throw new InvalidArgumentError(`expected a duration such as 30s, 2m or 500ms, got "${value}"`);
  return ms;
}
