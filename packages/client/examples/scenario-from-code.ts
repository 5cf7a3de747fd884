// A scenario file run from code, on a fresh cluster of its hosts, with a JSON-ready report.
import { FileValidationError } from "@vdsim/client";
import { runScenarioFile, type ScenarioReport } from "@vdsim/scenario";

export async function main(file: string): Promise<ScenarioReport | string> {
  try {
    return await runScenarioFile(file, {
      onStep: (step) => {
        if (step.status !== undefined) console.log(`${step.status} ${step.label}${step.error ? `: ${step.error}` : ""}`);
      },
    });
  } catch (err) {
    // a bad file: nothing was started; every issue names file:line:column and the field
    if (err instanceof FileValidationError) return err.issues.map((i) => `${i.file}:${i.line}: ${i.field}: ${i.message}`).join("\n");
    throw err;
  }
}
