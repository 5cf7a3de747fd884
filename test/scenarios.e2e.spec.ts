import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runScenarioFile, type ScenarioReport } from "@vdsim/scenario";
import { Cli } from "./support/cli.js";

const EXAMPLES = resolve(fileURLToPath(new URL("../examples", import.meta.url)));
const scenarios = readdirSync(EXAMPLES).filter((f) => f.endsWith(".scenario.yaml")).sort();

const failures = (r: ScenarioReport): string =>
  r.steps.filter((s) => s.status === "failed").map((s) => `step ${s.number} (line ${s.line}) ${s.label}: ${s.error}`).join("\n");

/** Every example scenario runs green on a fresh cluster of real processes, which it stops afterwards. */
describe("example scenarios", () => {
  it("the examples folder holds the three scenarios the issue names", () => {
    expect(scenarios).toEqual(expect.arrayContaining(["basic-vds.scenario.yaml", "maintenance-killed-agent.scenario.yaml", "vss-drift.scenario.yaml"]));
  });

  for (const file of scenarios) {
    it(`${file} passes`, async () => {
      const report = await runScenarioFile(join(EXAMPLES, file));
      expect(failures(report)).toBe("");
      expect(report.ok).toBe(true);
      expect(report.steps.every((s) => s.status === "passed")).toBe(true);
    });
  }
});

describe("vdsim scenario run", () => {
  it("prints progress, writes the JSON report, and exits 1 on a failed step, skipping the rest", async () => {
    await using cli = new Cli();
    const file = join(cli.stateDir, "fails.scenario.yaml");
    writeFileSync(
      file,
      [
        "name: expects the impossible",
        "hosts: 2",
        "topology:",
        "  distributedSwitches:",
        "    dvs1:",
        "      hosts: { esx-01: [vmnic1], esx-02: [vmnic1] }",
        "      portGroups: { a: { vlan: 10 }, b: { vlan: 20 } }",
        "  vms:",
        "    a1: { host: esx-01, networks: [a] }",
        "    b1: { host: esx-02, networks: [b] }",
        "steps:",
        "  - ping: { from: a1, to: b1, expect: unreachable, count: 1 }",
        "  - ping: { from: a1, to: b1, count: 1 }",
        "  - check:",
      ].join("\n"),
    );
    const report = join(cli.stateDir, "report.json");
    const r = await cli.run("scenario", "run", file, "--report", report);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("  starting a cluster of 2 hosts\n");
    expect(r.stdout).toMatch(/ok {3}\[0\/3\] topology \(line 4, .*\): 7 changes recorded\n/);
    expect(r.stdout).toMatch(/ok {3}\[1\/3\] ping a1 -> b1 \(expect unreachable\) \(line 12, .*\): 0\/1 answered\n/);
    expect(r.stdout).toMatch(/FAIL \[2\/3\] ping a1 -> b1 \(expect reachable\) \(line 13, .*\): a1 -> b1 \(10\.\d+\.\d+\.\d+\): 0\/1 answered, expected reachable\n/);
    expect(r.stdout).toMatch(/skip \[3\/3\] check invariants .*\(line 14, 0\.0 s\)\n/);
    expect(r.stdout).toMatch(/FAILED: 2 of 4 steps passed/);
    const json = JSON.parse(readFileSync(report, "utf8")) as ScenarioReport;
    expect(json).toMatchObject({ scenario: "expects the impossible", ok: false });
    expect(json.steps.map((s) => s.status)).toEqual(["passed", "passed", "failed", "skipped"]);
    expect(cli.alive()).toEqual([]);
  });

  it("an inline topology the cluster refuses fails the first step with the scenario file's line", async () => {
    await using cli = new Cli();
    const file = join(cli.stateDir, "far.scenario.yaml");
    writeFileSync(file, ["name: too few hosts", "hosts: 2", "topology:", "  vms:", "    far: { host: esx-05, networks: [VM Network] }", "steps:", "  - check:"].join("\n"));
    const r = await cli.run("scenario", "run", file, "--json");
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as ScenarioReport;
    expect(report.steps[0]).toMatchObject({
      status: "failed",
      error: `${file}:5:18: topology.vms.far.host: host "esx-05" is not part of the cluster (it has esx-01, esx-02)`,
    });
  });

  it("a bad scenario file exits 1 naming file, line and field, and starts nothing", async () => {
    await using cli = new Cli();
    const file = join(cli.stateDir, "bad.scenario.yaml");
    writeFileSync(
      file,
      ["name: bad", "hosts: 2", "topology: {}", "steps:", "  - migrate: { vm: a, to: esx-02, expect: { result: done } }", "  - teleport: { vm: a }", "  - kill:", "      host: 3"].join("\n"),
    );
    const r = await cli.run("scenario", "run", file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")).toEqual([
      expect.stringMatching(new RegExp(`^Error: ${file}:5:53: steps\\[0\\]\\.migrate\\.expect\\.result: Invalid option: expected one of "completed"\\|"rolledBack"\\|"failed"$`)),
      expect.stringMatching(new RegExp(`^${file}:6:5: steps\\[1\\]: a step is one of apply, migrate, .*, not teleport$`)),
      `${file}:8:13: steps[2].kill.host: Invalid input: expected string, received number`,
      "",
    ]);
    const missingTopology = join(cli.stateDir, "missing-topology.scenario.yaml");
    writeFileSync(missingTopology, "name: m\nhosts: 1\ntopology: nowhere.yaml\nsteps:\n  - check:\n");
    const m = await cli.run("scenario", "run", missingTopology, "--json");
    expect(m.code).toBe(1);
    expect(JSON.parse(m.stdout)).toMatchObject({ ok: false, steps: [{ number: 0, status: "failed", error: expect.stringMatching(/nowhere\.yaml:1:1: no such file/) }, { status: "skipped" }] });
  });
});
