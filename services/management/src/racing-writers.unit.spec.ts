import { InMemoryEventStore } from "@vdsim/eventstore";
import { racingWritersSuite } from "./racing-writers.spec-support.js";

racingWritersSuite("in-memory log", async () => new InMemoryEventStore());
