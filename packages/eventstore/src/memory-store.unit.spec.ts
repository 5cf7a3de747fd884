import { InMemoryEventStore } from "./memory-store.js";
import { eventStoreContract } from "./contract.spec-support.js";

eventStoreContract("in-memory", async () => new InMemoryEventStore());
