// Prints vitest's totals as one plain line ("vitest: N passed, N failed, N skipped") for CI logs,
// after naming every skipped suite (with the reason its name carries) and how many tests it skipped.
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? "test-results/vitest.json";
try {
  const r = JSON.parse(readFileSync(file, "utf8"));
  const skippedSuites = new Map();
  for (const f of r.testResults ?? []) {
    for (const a of f.assertionResults ?? []) {
      if (a.status !== "skipped" && a.status !== "pending" && a.status !== "todo") continue;
      const suite = a.ancestorTitles?.[0] ?? a.title;
      skippedSuites.set(suite, (skippedSuites.get(suite) ?? 0) + 1);
    }
  }
  for (const [suite, n] of skippedSuites) console.log(`skipped: ${suite} (${n} test${n === 1 ? "" : "s"})`);
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
} catch (err) {
  console.log(`vitest: no results in ${file} (${err.message})`);
}
