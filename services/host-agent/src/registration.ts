import { randomUUID } from "node:crypto";
import type { NatsConnection } from "@nats-io/transport-node";
import { Subjects, request, type CommandResult } from "@vdsim/protocol";
import type { Logger } from "@vdsim/runtime";

/** How long one announcement waits: a thousand hosts registering at once queue behind each other. */
const REGISTER_TIMEOUT_MS = 20_000;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 5_000;

/**
 * Announces the host to the management side until it answers; a known host records nothing new.
 * Retries back off, with jitter, so that many hosts waiting for a management service that is
 * starting (or busy) do not all ask again at once. Returns a stop function.
 */
export function registerWithManagement(nc: NatsConnection, host: string, pnics: readonly string[], log: Logger): () => void {
  let done = false;
  void (async () => {
    for (let retryMs = FIRST_RETRY_MS; !done && !nc.isClosed(); retryMs = Math.min(MAX_RETRY_MS, retryMs * 2)) {
      try {
        await request<CommandResult>(
          nc,
          Subjects.management("command"),
          { commandId: `register-${host}-${randomUUID()}`, command: { type: "RegisterHost", host, pnics } },
          "management service",
          REGISTER_TIMEOUT_MS,
        );
        done = true;
      } catch (err) {
        log.debug({ err, host }, "registration not accepted yet; retrying");
        await new Promise((r) => setTimeout(r, retryMs / 2 + Math.random() * retryMs));
      }
    }
  })();
  return () => {
    done = true;
  };
}
