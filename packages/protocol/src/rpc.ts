import { decode, encode } from "@msgpack/msgpack";
import { NoRespondersError, RequestError, TimeoutError, type Msg, type NatsConnection, type Subscription } from "@nats-io/transport-node";
import { permissionDenied } from "@vdsim/runtime";
import type { z } from "zod";
import { describeIssues, issueMessage } from "./request-issues.js";

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

/** A body that decoded and fits its schema, or the BAD_REQUEST error that says why not. */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RemoteError };

/**
 * Decodes a message body and checks its shape against the schema. A refusal names `what` (the
 * op, "heartbeat"), each field that is wrong and what it expected; undecodable bytes are refused too.
 */
export function checkBody<T>(what: string, schema: z.ZodType<T>, data: Uint8Array): Checked<T> {
  let body: unknown;
  try {
    body = decodeBody<unknown>(data);
  } catch (err) {
    return { ok: false, error: new RemoteError(RpcErrorCode.BadRequest, `bad request to ${what}: the body is not MessagePack (${errorText(err)})`, { cause: err }) };
  }
  const parsed = schema.safeParse(body, { error: issueMessage });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, error: new RemoteError(RpcErrorCode.BadRequest, `bad request to ${what}: ${describeIssues(parsed.error.issues)}`) };
}

/** As checkBody, throwing the BAD_REQUEST RemoteError. */
export function decodeRequest<T>(what: string, schema: z.ZodType<T>, data: Uint8Array): T {
  const checked = checkBody(what, schema, data);
  if (!checked.ok) throw checked.error;
  return checked.value;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export interface ServeOptions<T> {
  /** what a refusal calls the request: its op ("cli", "command") */
  readonly op: string;
  /** the request's shape; a body that does not fit it is refused with BAD_REQUEST before the handler runs */
  readonly schema: z.ZodType<T>;
  readonly handler: (req: T) => Promise<unknown>;
  /** turns the handler's failure into the reply's code and message */
  readonly onError: (err: unknown) => RemoteErrorBody;
  readonly queue?: string;
}

/**
 * Serves one subject: decodes and validates each request, runs the handler, replies with its
 * result or with the error's code and message. Handlers run concurrently; serialize inside if needed.
 */
export function serve<T>(nc: NatsConnection, subject: string, options: ServeOptions<T>): Subscription {
  const { op, schema, handler, onError, queue } = options;
  const answer = async (data: Uint8Array): Promise<Reply<unknown>> => {
    const req = checkBody(op, schema, data);
    if (!req.ok) return { ok: false, error: { code: req.error.code, message: req.error.message } };
    try {
      return { ok: true, result: await handler(req.value) };
    } catch (err) {
      return { ok: false, error: onError(err) };
    }
  };
  return nc.subscribe(subject, {
    ...(queue ? { queue } : {}),
    callback: (err, msg) => {
      if (err) return;
      void answer(msg.data).then((reply) => msg.respond(encodeBody(reply)));
    },
  });
}
