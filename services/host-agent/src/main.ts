#!/usr/bin/env node
import { createLogger } from "@vdsim/runtime";
import { configOrExit, runHostAgent } from "./process.js";

const config = configOrExit(process.argv.slice(2), process.env);
const hosts = config.hosts.map((h) => h.host);
await runHostAgent(config, createLogger("vdsim-host-agent", hosts.length === 1 ? { host: hosts[0] } : { rack: `${hosts[0]}..${hosts.at(-1)}` }));
