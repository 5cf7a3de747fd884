#!/usr/bin/env node
// FOR TESTS ONLY: the management service with bugs planted in its event store, started by the
// test harness (`startCluster({ plantedBugs })`, `vdsim up --plant-bug`), never by `./main`.
import { EVENT_SCHEMA } from "@vdsim/model";
import { createLogger, formatPlantedBug, parsePlantedBugs, plantedBugsOf, takePlantBugArgs } from "@vdsim/runtime";
import { configOrExit, runManagement } from "../process.js";
import { plantInStore } from "./planted-store.js";

const { specs, rest } = takePlantBugArgs(process.argv.slice(2));
const bugs = plantedBugsOf(parsePlantedBugs(specs, Object.keys(EVENT_SCHEMA)), "management");
const config = configOrExit(rest, process.env);
const log = createLogger("vdsim-management");
log.warn({ plantedBugs: bugs.map(formatPlantedBug) }, "planted bugs active (tests only)");
await runManagement(config, log, (store) => plantInStore(store, bugs));
