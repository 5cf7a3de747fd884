import { randomUUID } from "node:crypto";
import type { NatsConnection } from "@nats-io/transport-node";
import { Subjects, request, type CommandResult } from "@vdsim/protocol";
import type { Logger } from "@vdsim/runtime";

/** Announces the host to the management side until it answers; a known host records nothing new. Returns a stop function. */
export function registerWithManagement(nc: NatsConnection, host: string, pnics: readonly string[], log: Logger): () => void {
  let done = false;
  void (async () => {
    while (!done && !nc.isClosed()) {
      try {
        await request<CommandResult>(
          nc,
          Subjects.management("command"),
          { commandId: `register-${host}-${randomUUID()}`, command: { type: "RegisterHost", host, pnics } },
          "management service",
        );
        done = true;
      } catch (err) {
        log.debug({ err, host }, "registration not accepted yet; retrying");
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  })();
  return () => {
    done = true;
  };
}
