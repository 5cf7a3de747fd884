import { decode, encode } from "@msgpack/msgpack";
import { NoRespondersError, RequestError, TimeoutError, type Msg, type NatsConnection, type Subscription } from "@nats-io/transport-node";
import { permissionDenied } from "@vdsim/runtime";

/** Error codes on the wire: the domain's, plus transport and internal failures. */
export interface RemoteErrorBody {
  readonly code: string;
  readonly message: string;
}

type Reply<T> = { readonly ok: true; readonly result: T } | { readonly ok: false; readonly error: RemoteErrorBody };

/** A request the remote side refused or failed; `code` is a DomainErrorCode or one of the codes below. */
export class RemoteError extends Error {
  override readonly name = "RemoteError";
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A request nobody answered: no responder subscribed (NATS status 503), or none replied in time. */
export function isNotResponding(err: unknown): boolean {
  if (err instanceof TimeoutError || err instanceof NoRespondersError) return true;
  return err instanceof RequestError && (err.isNoResponders() || err.cause instanceof TimeoutError);
}

export const RpcErrorCode = {
  NotResponding: "NOT_RESPONDING",
  BadRequest: "BAD_REQUEST",
  Internal: "INTERNAL",
  Conflict: "CONFLICT",
} as const;

export function encodeBody(value: unknown): Uint8Array {
  return encode(value, { ignoreUndefined: true });
}

export function decodeBody<T>(data: Uint8Array): T {
  return (data.length === 0 ? {} : decode(data)) as T;
}

/**
 * Sends a request and unwraps the reply; `who` names the responder in errors ("management service", "host esx-02").
 * A request the server does not let this connection's role send fails at once with a PermissionDeniedError.
 */
export async function request<T>(nc: NatsConnection, subject: string, body: unknown, who: string, timeoutMs = 5_000): Promise<T> {
  let msg: Msg;
  try {
    msg = await nc.request(subject, encodeBody(body), { timeout: timeoutMs });
  } catch (err) {
    const denied = permissionDenied(err, nc);
    if (denied) throw denied;
    if (isNotResponding(err)) throw new RemoteError(RpcErrorCode.NotResponding, `${who} is not responding`, { cause: err });
    throw err;
  }
  const reply = decodeBody<Reply<T>>(msg.data);
  if (!reply.ok) throw new RemoteError(reply.error.code, reply.error.message);
  return reply.result;
}

/**
 * Serves one subject: decodes each request, runs the handler, replies with its result or
 * with the error's code and message. Handlers run concurrently; serialize inside if needed.
 */
export function serve(
  nc: NatsConnection,
  subject: string,
  handler: (body: unknown) => Promise<unknown>,
  onError: (err: unknown) => RemoteErrorBody,
  queue?: string,
): Subscription {
  return nc.subscribe(subject, {
    ...(queue ? { queue } : {}),
    callback: (err, msg) => {
      if (err) return;
      void (async () => {
        let reply: Reply<unknown>;
        try {
          reply = { ok: true, result: await handler(decodeBody(msg.data)) };
        } catch (e) {
          reply = { ok: false, error: onError(e) };
        }
        msg.respond(encodeBody(reply));
      })();
    },
  });
}
