import { BOOLEAN_WORDS, OptionValues, UsageProblem, optionName, type EsxcliCommand, type EsxcliOption } from "./spec.js";

/**
 * Reads `--long=value`, `--long value`, `-s value`, `-s=value` and `-svalue` for the command's
 * options, converting each to its type. Throws UsageProblem worded like esxcli.
 */
export function readOptions(command: EsxcliCommand, args: readonly string[]): OptionValues {
  const values = new Map<string, string | number | boolean>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    let option: EsxcliOption | undefined;
    let value: string | undefined;
    if (arg.startsWith("--") && arg.length > 2) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      option = command.options.find((o) => o.long === name);
      if (eq >= 0) value = arg.slice(eq + 1);
    } else if (arg.startsWith("-") && arg.length > 1 && arg !== "-") {
      option = command.options.find((o) => o.short === arg[1]);
      const rest = arg.slice(2);
      if (rest.length > 0) value = rest.startsWith("=") ? rest.slice(1) : rest;
    }
    if (!option) throw new UsageProblem(`Invalid option ${arg}`);
    if (value === undefined) {
      const next = args[i + 1];
      if (next === undefined) throw new UsageProblem(`Missing value for parameter ${optionName(option)}`);
      value = next;
      i++;
    }
    values.set(option.long, convert(option, value));
  }
  for (const o of command.options) {
    if (o.required && !values.has(o.long)) throw new UsageProblem(`Missing required parameter ${optionName(o)}`);
  }
  return new OptionValues(values);
}

function convert(option: EsxcliOption, value: string): string | number | boolean {
  switch (option.type) {
    case "str":
      return value;
    case "long":
      if (!/^-?\d+$/.test(value.trim())) throw new UsageProblem(`Argument type mismatch. Expecting integer value. Got '${value}'`, false);
      return Number(value.trim());
    case "bool": {
      const word = value.trim().toLowerCase();
      const b = Object.hasOwn(BOOLEAN_WORDS, word) ? BOOLEAN_WORDS[word] : undefined;
      if (b === undefined) {
        throw new UsageProblem(`Invalid data constraint for parameter '${option.long}'. Expected true or false, got '${value}'`);
      }
      return b;
    }
  }
}
