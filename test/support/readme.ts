import { readFileSync } from "node:fs";

/** One command of a README's shell block, as a reader pastes it. */
export interface ReadmeCommand {
  /** 1-based line in README.md */
  readonly line: number;
  /** the line exactly as printed, its trailing comment included (the shell drops it) */
  readonly text: string;
  /** marked "runs until Ctrl-C": it keeps running until the reader stops it */
  readonly untilInterrupted: boolean;
}

const LONG_RUNNING = /#.*runs until Ctrl-C/;

/**
 * The commands of every ```sh block of the README's section `heading` ("## Using it", or a
 * "### ..." subsection), in order, up to the next heading of its level or above. Lines that
 * start with `#` are sample output or remarks, not commands.
 */
export function readmeCommands(readme: string, heading: string): ReadmeCommand[] {
  const lines = readme.split("\n");
  const start = lines.findIndex((l) => l === heading);
  if (start < 0) throw new Error(`README.md has no "${heading}" section`);
  const level = heading.indexOf(" ");
  const ends = (line: string): boolean => /^#+ /.test(line) && line.indexOf(" ") <= level;
  const commands: ReadmeCommand[] = [];
  let inFence = false;
  let inShell = false;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!inFence && ends(line)) break;
    if (line.startsWith("```")) {
      inFence = !inFence;
      inShell = inFence && line.trim() === "```sh";
      continue;
    }
    const text = line.trim();
    if (!inShell || text === "" || text.startsWith("#")) continue;
    commands.push({ line: i + 1, text, untilInterrupted: LONG_RUNNING.test(text) });
  }
  return commands;
}

export const readReadme = (path: string): string => readFileSync(path, "utf8");
