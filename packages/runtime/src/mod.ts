export { connectNats, natsServersFromEnv } from "./connect.js";
export { createLogger } from "./logger.js";
export { WaitAborted, isAlive, onShutdown, stopProcess, waitFor } from "./process.js";
export { natsServerBinary, startNatsServer } from "./nats-server.js";

export type { NatsConnectOptions } from "./connect.js";
export type { Logger } from "./logger.js";
export type { NatsServerHandle, NatsServerOptions } from "./nats-server.js";
