#!/usr/bin/env node
// FOR TESTS ONLY: a host agent with bugs planted in its event log and its data plane, started by
// the test harness (`startCluster({ plantedBugs })`, `vdsim up --plant-bug`), never by `./main`.
import { EVENT_SCHEMA } from "@vdsim/model";
import { createLogger, formatPlantedBug, parsePlantedBugs, plantedBugsOf, takePlantBugArgs } from "@vdsim/runtime";
import { configOrExit, runHostAgent } from "../process.js";
import { plantInHost } from "./plant.js";

const { specs, rest } = takePlantBugArgs(process.argv.slice(2));
const parsed = parsePlantedBugs(specs, Object.keys(EVENT_SCHEMA));
const config = configOrExit(rest, process.env);
const bugs = plantedBugsOf(parsed, { host: config.host });
const log = createLogger("vdsim-host-agent", { host: config.host });
log.warn({ plantedBugs: bugs.map(formatPlantedBug) }, "planted bugs active (tests only)");
await runHostAgent(config, log, (store) => plantInHost(store, bugs, config.host));
