import { Option } from "commander";

/**
 * FOR TESTS ONLY, so hidden from --help (the README documents it): `--plant-bug SPEC`,
 * repeatable, plants a bug for the consistency checker to catch.
 */
export function plantBugOption(): Option {
  return new Option("--plant-bug <spec>", "plant a bug for the checker's tests (tests only; repeatable)")
    .argParser((value: string, previous: readonly string[] = []) => [...previous, value])
    .hideHelp();
}
