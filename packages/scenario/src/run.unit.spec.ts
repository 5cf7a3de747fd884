import { describe, expect, it } from "vitest";
import { RemoteError } from "@vdsim/protocol";
import { parseScenario } from "@vdsim/topology";
import type { VdsimClient } from "@vdsim/client";
import { runScenario } from "./run.js";
import type { ScenarioCluster } from "./steps.js";

/** A cluster that records what the runner asks of it; `failing` names host agents whose restart fails. */
function fakeCluster(failing: string[] = []): ScenarioCluster & { calls: string[] } {
  const calls: string[] = [];
  const client = {
    apply: async () => ({ steps: [], recorded: 0, topologyHash: "h" }),
    setPortGroupPolicy: async (vds: string, pg: string) => {
      calls.push(`setPolicy ${vds}/${pg}`);
      throw new RemoteError("INVALID_ARGUMENT", 'Uplink "uplink9" does not exist on distributed switch "dvs1"');
    },
  } as unknown as VdsimClient;
  return {
    client,
    calls,
    killHost: async (h) => void calls.push(`kill ${h}`),
    pauseHost: (h) => void calls.push(`pause ${h}`),
    resumeHost: (h) => void calls.push(`resume ${h}`),
    restartHost: async (h) => {
      calls.push(`restart ${h}`);
      if (failing.includes(h)) throw new Error(`host agent ${h} exited during start-up`);
      return 42;
    },
  };
}

const scenario = (steps: string[]) => parseScenario(["name: s", "hosts: 2", "topology: {}", "steps:", ...steps.map((s) => `  - ${s}`)].join("\n"), "s.yaml");

describe("runScenario", () => {
  it("given steps, when they pass, then each is reported in order with its line", async () => {
    const cluster = fakeCluster();
    const report = await runScenario(scenario(["pause: { host: esx-02 }", "resume: { host: esx-02 }", "kill: { host: esx-01 }", "restart: { host: esx-01 }"]), cluster);
    expect(cluster.calls).toEqual(["pause esx-02", "resume esx-02", "kill esx-01", "restart esx-01"]);
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.number, s.kind, s.line, s.status])).toEqual([
      [0, "topology", 3, "passed"],
      [1, "pause", 5, "passed"],
      [2, "resume", 6, "passed"],
      [3, "kill", 7, "passed"],
      [4, "restart", 8, "passed"],
    ]);
  });

  it("given a failing step, then it fails with the error and the steps after it are skipped, not run", async () => {
    const cluster = fakeCluster(["esx-01"]);
    const report = await runScenario(scenario(["restart: { host: esx-01 }", "kill: { host: esx-02 }"]), cluster);
    expect(report.ok).toBe(false);
    expect(report.steps.slice(1)).toMatchObject([
      { status: "failed", error: "host agent esx-01 exited during start-up" },
      { status: "skipped", label: "kill host agent esx-02" },
    ]);
    expect(cluster.calls).toEqual(["restart esx-01"]);
  });

  it("given expectError, then a refusal containing it passes and success would fail", async () => {
    const cluster = fakeCluster();
    const report = await runScenario(
      scenario(['setPolicy: { vds: dvs1, portgroup: web, activeUplinks: [uplink9], expectError: "does not exist" }', 'setPolicy: { vds: dvs1, portgroup: web, blocked: true, expectError: "not this" }']),
      cluster,
    );
    expect(report.steps.slice(1)).toMatchObject([
      { status: "passed", label: "set activeUplinks=uplink9 on dvs1/web", detail: expect.stringMatching(/^refused as expected: Uplink "uplink9"/) },
      { status: "failed", error: expect.stringMatching(/does not exist/) },
    ]);
  });
});
