import { ESXCLI_FORMATTERS, HostCliError, type EsxcliFormatter } from "../request.js";

/** esxcli's options before the namespace: `esxcli [options] {namespace}+ {cmd} [cmd options]`. */
export interface EsxcliGlobalOptions {
  readonly formatter?: EsxcliFormatter;
  readonly debug: boolean;
  readonly screenWidth?: number;
}

const isFormatter = (word: string): word is EsxcliFormatter => (ESXCLI_FORMATTERS as readonly string[]).includes(word);

const fail = (message: string): HostCliError => new HostCliError("esxcli", `Error: ${message}`);

/**
 * Reads the global options that lead the command line (`--formatter=xml`, `--formatter xml`,
 * `--debug`, `--screen-width=N`) and returns them with the index of the first namespace word.
 */
export function readGlobalOptions(argv: readonly string[]): { options: EsxcliGlobalOptions; next: number } {
  let formatter: EsxcliFormatter | undefined;
  let screenWidth: number | undefined;
  let debug = false;
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--debug") {
      debug = true;
      continue;
    }
    const match = /^--(formatter|screen-width)(?:=(.*))?$/.exec(arg);
    if (!match) break;
    let value = match[2];
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined) throw fail(`Missing value for parameter --${match[1]}`);
      i++;
    }
    if (match[1] === "formatter") {
      if (!isFormatter(value)) throw fail(`Invalid formatter '${value}'. Available formatter: xml, csv, keyvalue`);
      formatter = value;
    } else {
      if (!/^\d+$/.test(value)) throw fail(`Argument type mismatch. Expecting integer value. Got '${value}'`);
      screenWidth = Number(value);
    }
  }
  return { options: { ...(formatter === undefined ? {} : { formatter }), debug, ...(screenWidth === undefined ? {} : { screenWidth }) }, next: i };
}
