#!/usr/bin/env node
// FOR TESTS ONLY: a host agent with bugs planted in its event log and its data plane, started by
// the test harness (`startCluster({ plantedBugs })`, `vdsim up --plant-bug`), never by `./main`.
// In a rack, each host gets the bugs planted for it alone.
import { EVENT_SCHEMA } from "@vdsim/model";
import { createLogger, formatPlantedBug, parsePlantedBugs, plantedBugsOf, takePlantBugArgs } from "@vdsim/runtime";
import { configOrExit, processName, runHostAgent } from "../process.js";
import { plantInHost } from "./plant.js";

const { specs, rest } = takePlantBugArgs(process.argv.slice(2));
const parsed = parsePlantedBugs(specs, Object.keys(EVENT_SCHEMA));
const config = configOrExit(rest, process.env);
const log = createLogger("vdsim-host-agent", { process: processName(config) });
const bugsOf = (host: string) => plantedBugsOf(parsed, { host });
log.warn({ plantedBugs: config.hosts.flatMap(({ host }) => bugsOf(host).map((b) => `${formatPlantedBug(b)} on ${host}`)) }, "planted bugs active (tests only)");
await runHostAgent(config, log, (store, host) => plantInHost(store, bugsOf(host), host));
