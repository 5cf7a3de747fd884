import type { HostCliRequest } from "../request.js";

export type OptionType = "str" | "long" | "bool";

/** One option of an esxcli command, as its usage prints it: -v|--vswitch-name=<str>. */
export interface EsxcliOption {
  readonly long: string;
  readonly short?: string;
  readonly type: OptionType;
  readonly required?: boolean;
  readonly help: string;
}

/** The values given on a command line, converted to their option's type. */
export class OptionValues {
  constructor(private readonly values: ReadonlyMap<string, string | number | boolean>) {}

  str(long: string): string | undefined {
    const v = this.values.get(long);
    return typeof v === "string" ? v : undefined;
  }

  int(long: string): number | undefined {
    const v = this.values.get(long);
    return typeof v === "number" ? v : undefined;
  }

  bool(long: string): boolean | undefined {
    const v = this.values.get(long);
    return typeof v === "boolean" ? v : undefined;
  }

  /** A comma-separated list: "vmnic0,vmnic1" or "vmnic0, vmnic1"; an empty string is an empty list. */
  list(long: string): string[] | undefined {
    const v = this.str(long);
    if (v === undefined) return undefined;
    return v
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  }

  has(long: string): boolean {
    return this.values.has(long);
  }
}

/**
 * An esxcli command: its namespace path ("network vswitch standard add"), the help line its
 * usage prints, its options, and how its values become a request. `build` throws a message
 * (for "Error: <message>") when the values do not make a request.
 */
export interface EsxcliCommand {
  readonly path: string;
  readonly description: string;
  readonly options: readonly EsxcliOption[];
  build(values: OptionValues): HostCliRequest;
}

/** esxcli's spelling of an option in messages: -v|--vswitch-name. */
export const optionName = (o: EsxcliOption): string => (o.short ? `-${o.short}|--${o.long}` : `--${o.long}`);

/** A request the command line cannot make: printed as "Error: <message>" and, unless told not to, the usage. */
export class UsageProblem extends Error {
  constructor(
    message: string,
    readonly withUsage = true,
  ) {
    super(message);
  }
}

export const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  "1": true,
  "0": false,
};

/** Drops the properties whose value is undefined, so a request carries only what was given. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
