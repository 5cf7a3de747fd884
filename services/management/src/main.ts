#!/usr/bin/env node
import { createLogger } from "@vdsim/runtime";
import { configOrExit, runManagement } from "./process.js";

const config = configOrExit(process.argv.slice(2), process.env);
await runManagement(config, createLogger("vdsim-management"));
