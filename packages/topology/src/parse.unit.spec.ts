import { describe, expect, it } from "vitest";
import { parseScenario, parseTopology } from "./files.js";
import { FileValidationError } from "./parse.js";

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof FileValidationError) return err.message.split("\n");
    throw err;
  }
  throw new Error("expected a FileValidationError");
}

describe("topology files", () => {
  it("given a wrong type, then the error names file, line, column and field", () => {
    const text = ["distributedSwitches:", "  dvs1:", "    portGroups:", "      web:", "        vlan: ten"].join("\n");
    expect(issuesOf(() => parseTopology(text, "t.yaml"))).toEqual([
      expect.stringMatching(/^t\.yaml:5:15: distributedSwitches\.dvs1\.portGroups\.web\.vlan: /),
    ]);
  });

  it("given an unknown field, then the error points at that field's line", () => {
    const text = ["vms:", "  web-01:", "    host: esx-01", "    networks: [web]", "    hots: 3"].join("\n");
    expect(issuesOf(() => parseTopology(text, "t.yaml"))).toEqual(['t.yaml:5:5: vms.web-01.hots: unknown field "hots"']);
  });

  it("given a missing field, then the error points at the object that lacks it", () => {
    const text = ["vms:", "  web-01:", "    networks: [web]"].join("\n");
    expect(issuesOf(() => parseTopology(text, "t.yaml"))[0]).toMatch(/^t\.yaml:3:5: vms\.web-01\.host: /);
  });

  it("given broken YAML, then the error has the line of the break", () => {
    expect(issuesOf(() => parseTopology("vms:\n  a: [unclosed\n", "t.yaml"))[0]).toMatch(/^t\.yaml:\d+:\d+: /);
  });

  it("given a duplicate key, then it is refused", () => {
    expect(issuesOf(() => parseTopology("vms: {}\nvms: {}\n", "t.yaml"))[0]).toMatch(/^t\.yaml:2:1: .*[Mm]ap keys must be unique/);
  });

  it("given a valid file, then the value is typed and positions stay known", () => {
    const parsed = parseTopology("hosts:\n  esx-01:\nvms:\n  a: { host: esx-01, networks: [VM Network] }\n", "t.yaml");
    expect(parsed.value.vms?.a?.networks).toEqual(["VM Network"]);
    expect(parsed.issue(["vms", "a", "host"], "nope")).toEqual({ file: "t.yaml", line: 4, column: 14, field: "vms.a.host", message: "nope" });
  });
});

describe("scenario files", () => {
  const head = "name: s\nhosts: 2\ntopology: {}\nsteps:\n";

  it("given steps, then each is a kind with its arguments and its index", () => {
    const s = parseScenario(`${head}  - migrate: { vm: a, to: esx-02 }\n  - check:\n`, "s.yaml").value;
    expect(s.steps).toEqual([
      { kind: "migrate", args: { vm: "a", to: "esx-02" }, index: 0 },
      { kind: "check", args: null, index: 1 },
    ]);
  });

  it("given an unknown step, then the error lists the kinds with its line", () => {
    expect(issuesOf(() => parseScenario(`${head}  - check:\n  - teleport: { vm: a }\n`, "s.yaml"))).toEqual([expect.stringMatching(/^s\.yaml:6:5: steps\[1\]: a step is one of apply, migrate, .*not teleport$/)]);
  });

  it("given a bad argument of a step, then the error names the step's field and line", () => {
    expect(issuesOf(() => parseScenario(`${head}  - check:\n  - migrate:\n      vm: a\n      to: 7\n`, "s.yaml"))).toEqual([expect.stringMatching(/^s\.yaml:8:11: steps\[1\]\.migrate\.to: /)]);
  });
});
