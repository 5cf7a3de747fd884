/**
 * A plain HTTPS SOAP client for the vsphere benchmark: it posts the bodies pyVmomi sends (kept in
 * bench/vsphere/soap/, captured from pyVmomi) and reads only what it needs from the answers with a
 * few patterns, so what it times is the server's cost plus one loopback round trip, not a
 * client library's.
 */
import { readFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { join } from "node:path";

export const SOAP_DIR = "bench/vsphere/soap";

export interface SoapReply {
  readonly status: number;
  readonly body: string;
}

const escapeXml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A body of bench/vsphere/soap with its {{placeholders}} filled (values XML-escaped). */
export class SoapTemplate {
  constructor(readonly name: string, readonly text: string) {}

  static load(root: string, name: string): SoapTemplate {
    return new SoapTemplate(name, readFileSync(join(root, SOAP_DIR, `${name}.xml`), "utf8"));
  }

  fill(values: Readonly<Record<string, string>>): string {
    return this.text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
      const v = values[key];
      if (v === undefined) throw new Error(`SOAP template ${this.name}: no value for {{${key}}}`);
      return escapeXml(v);
    });
  }
}

/** The envelope pyVmomi wraps every call in (the same bytes around the body as the captured ones). */
export function envelope(method: string, thisType: string, thisId: string, args = ""): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">\n' +
    `<soapenv:Body><${method} xmlns="urn:vim25"><_this type="${thisType}">${escapeXml(thisId)}</_this>${args}</${method}></soapenv:Body>\n</soapenv:Envelope>`
  );
}

/** The text of the first <tag ...>text</tag> in a reply, or undefined. */
export function firstText(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`).exec(xml);
  return m?.[1];
}

/** Occurrences of <tag> / <tag ...> in a reply (counting objects without parsing them). */
export function countTags(xml: string, tag: string): number {
  return xml.match(new RegExp(`<${tag}[\\s>]`, "g"))?.length ?? 0;
}

/**
 * One logged-in session over one keep-alive connection (as pyVmomi keeps one), with its cookie.
 * The SOAPAction header is the one pyVmomi negotiated with that server.
 */
export class SoapSession {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: false });
  #cookie: string | undefined;
  soapAction = '"urn:vim25/6.7"';

  constructor(readonly url: string) {}

  post(body: string): Promise<SoapReply> {
    return new Promise((done, fail) => {
      const headers: Record<string, string> = { "content-type": "text/xml; charset=UTF-8", soapaction: this.soapAction };
      if (this.#cookie !== undefined) headers["cookie"] = this.#cookie;
      const req = request(this.url, { method: "POST", agent: this.#agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const set = res.headers["set-cookie"]?.[0];
          if (set !== undefined) this.#cookie = set.split(";")[0];
          done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") });
        });
        res.on("error", fail);
      });
      req.on("error", fail);
      req.end(body);
    });
  }

  /** Posts and expects HTTP 200 (a SOAP fault comes as 500), naming the call when it is not. */
  async call(what: string, body: string): Promise<string> {
    const reply = await this.post(body);
    if (reply.status !== 200) {
      const fault = /xsi:type="(\w+)"/.exec(reply.body)?.[1] ?? firstText(reply.body, "faultstring") ?? reply.body.slice(0, 300);
      throw new SoapFault(what, reply.status, fault);
    }
    return reply.body;
  }

  close(): void {
    this.#agent.destroy();
  }
}

export class SoapFault extends Error {
  constructor(readonly what: string, readonly status: number, readonly fault: string) {
    super(`${what}: HTTP ${status}, ${fault}`);
  }
}

export interface ServiceRefs {
  readonly rootFolder: string;
  readonly propertyCollector: string;
  readonly viewManager: string;
  readonly sessionManager: string;
}

/** RetrieveServiceContent then Login: a session ready for the measured calls. */
export async function login(url: string, user: string, password: string, soapAction: string): Promise<{ session: SoapSession; refs: ServiceRefs }> {
  const session = new SoapSession(url);
  session.soapAction = soapAction;
  const content = await session.call("RetrieveServiceContent", envelope("RetrieveServiceContent", "ServiceInstance", "ServiceInstance"));
  const ref = (name: string): string => {
    const v = firstText(content, name);
    if (v === undefined) throw new Error(`the service content names no ${name}`);
    return v;
  };
  const refs = { rootFolder: ref("rootFolder"), propertyCollector: ref("propertyCollector"), viewManager: ref("viewManager"), sessionManager: ref("sessionManager") };
  await session.call("Login", envelope("Login", "SessionManager", refs.sessionManager, `<userName>${escapeXml(user)}</userName><password>${escapeXml(password)}</password>`));
  return { session, refs };
}

/** A recursive container view of one type under the root folder; returns its moid. */
export async function containerView(session: SoapSession, refs: ServiceRefs, type: string): Promise<string> {
  const args = `<container type="Folder">${escapeXml(refs.rootFolder)}</container><type>${type}</type><recursive>true</recursive>`;
  const reply = await session.call("CreateContainerView", envelope("CreateContainerView", "ViewManager", refs.viewManager, args));
  const view = firstText(reply, "returnval");
  if (view === undefined) throw new Error("CreateContainerView returned no view");
  return view;
}

/** The captured RetrievePropertiesEx over a view, then every ContinueRetrievePropertiesEx page: the objects' count. */
export async function retrieveAll(session: SoapSession, refs: ServiceRefs, body: string): Promise<{ objects: number; bytes: number }> {
  let reply = await session.call("RetrievePropertiesEx", body);
  let objects = countTags(reply, "objects");
  let bytes = reply.length;
  for (let token = firstText(reply, "token"); token !== undefined; token = firstText(reply, "token")) {
    reply = await session.call("ContinueRetrievePropertiesEx", envelope("ContinueRetrievePropertiesEx", "PropertyCollector", refs.propertyCollector, `<token>${escapeXml(token)}</token>`));
    objects += countTags(reply, "objects");
    bytes += reply.length;
  }
  return { objects, bytes };
}

/** moid -> name of every object of a type (setup only: finding the objects to watch and change). */
export async function namesOf(session: SoapSession, refs: ServiceRefs, type: string): Promise<Map<string, string>> {
  const view = await containerView(session, refs, type);
  const spec =
    `<specSet><propSet><type>${type}</type><all>false</all><pathSet>name</pathSet></propSet>` +
    `<objectSet><obj type="ContainerView">${escapeXml(view)}</obj><skip>true</skip><selectSet xsi:type="TraversalSpec"><name>traverseView</name><type>ContainerView</type><path>view</path><skip>false</skip></selectSet></objectSet></specSet><options></options>`;
  const names = new Map<string, string>();
  let reply = await session.call("RetrievePropertiesEx", envelope("RetrievePropertiesEx", "PropertyCollector", refs.propertyCollector, spec));
  for (;;) {
    for (const m of reply.matchAll(/<obj type="\w+">([^<]+)<\/obj>\s*<propSet[^>]*>\s*<name>name<\/name>\s*<val[^>]*>([^<]*)<\/val>/g)) names.set(m[1]!, m[2]!);
    const token = firstText(reply, "token");
    if (token === undefined) break;
    reply = await session.call("ContinueRetrievePropertiesEx", envelope("ContinueRetrievePropertiesEx", "PropertyCollector", refs.propertyCollector, `<token>${escapeXml(token)}</token>`));
  }
  await session.call("DestroyView", envelope("DestroyView", "ContainerView", view));
  return names;
}
