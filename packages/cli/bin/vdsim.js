#!/usr/bin/env node
// The `vdsim` command. npm links a workspace's bin at install time, before `prepare` builds
// dist/, so the bin is this tracked file and the built CLI is loaded from it.
try {
  await import("../dist/main.js");
} catch (err) {
  if (err?.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes("/cli/dist/main.js")) {
    console.error("Error: vdsim is not built yet: run `npm run build` (npm ci runs it too)");
    process.exitCode = 1;
  } else throw err;
}
