import { defineConfig } from "vitest/config";

// Tests are tiered by file name: *.unit.spec.ts (pure, fast), *.int.spec.ts (a real
// nats-server per suite), *.e2e.spec.ts (real processes started through the CLI).
// End-to-end files run one at a time, after the other tiers: their timing-sensitive
// checks (traffic rates, heartbeats) must not share two cores with NATS clusters of int suites.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          sequence: { groupOrder: 0 },
          include: ["packages/*/src/**/*.unit.spec.ts", "services/*/src/**/*.unit.spec.ts", "test/**/*.unit.spec.ts"],
        },
      },
      {
        test: {
          name: "int",
          sequence: { groupOrder: 0 },
          include: ["packages/*/src/**/*.int.spec.ts", "services/*/src/**/*.int.spec.ts", "test/**/*.int.spec.ts"],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: "e2e",
          sequence: { groupOrder: 1 },
          include: ["test/**/*.e2e.spec.ts"],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
