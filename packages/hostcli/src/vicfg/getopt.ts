import { HostCliError } from "../request.js";
import type { HostCliTool } from "../request.js";

/** One option of a vicfg-* command: its letter, long name, whether it takes a value, its help. */
export interface VicfgOption {
  readonly short: string;
  readonly long: string;
  readonly value?: string;
  readonly help: string;
}

export interface VicfgArgs {
  /** by long name: the value, or true for a flag */
  readonly options: ReadonlyMap<string, string | true>;
  readonly positionals: readonly string[];
}

/**
 * Reads options the way the vSphere CLI's Perl scripts (Getopt::Long) do: `-x value`,
 * `--long value`, `--long=value`, flags alone, everything else positional.
 */
export function getopt(tool: HostCliTool, spec: readonly VicfgOption[], argv: readonly string[]): VicfgArgs {
  const options = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith("--");
    const eq = arg.indexOf("=");
    const name = long ? arg.slice(2, eq < 0 ? undefined : eq) : arg.slice(1, 2);
    const option = spec.find((o) => (long ? o.long === name : o.short === name));
    if (!option || (!long && arg.length > 2)) throw usageError(tool, spec, `Unknown option: ${arg.replace(/^-+/, "").split("=")[0]}`);
    if (!option.value) {
      options.set(option.long, true);
      continue;
    }
    let value: string | undefined = long && eq >= 0 ? arg.slice(eq + 1) : undefined;
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined) throw usageError(tool, spec, `Option ${option.long} requires an argument`);
      i++;
    }
    options.set(option.long, value);
  }
  return { options, positionals };
}

export function usage(tool: HostCliTool, spec: readonly VicfgOption[]): string {
  const lines = [`Usage: ${tool} [OPTIONS] ${tool === "vicfg-vmknic" ? "[PORTGROUP]" : "[VSWITCH]"}`, "", "Options:"];
  for (const o of spec) {
    const name = `-${o.short}, --${o.long}${o.value ? ` <${o.value}>` : ""}`;
    lines.push(`  ${name.padEnd(34)}${o.help}`);
  }
  return lines.join("\n");
}

export function usageError(tool: HostCliTool, spec: readonly VicfgOption[], message: string): HostCliError {
  return new HostCliError(tool, `${message}\n\n${usage(tool, spec)}`);
}

/** An integer option value (Getopt::Long's `=i`), or Getopt::Long's complaint and the usage. */
export function integer(tool: HostCliTool, spec: readonly VicfgOption[], long: string, text: string): number {
  if (!/^-?\d+$/.test(text)) throw usageError(tool, spec, `Value "${text}" invalid for option ${long} (number expected)`);
  return Number(text);
}
