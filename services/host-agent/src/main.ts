#!/usr/bin/env node
import { createLogger } from "@vdsim/runtime";
import { configOrExit, runHostAgent } from "./process.js";

const config = configOrExit(process.argv.slice(2), process.env);
await runHostAgent(config, createLogger("vdsim-host-agent", { host: config.host }));
