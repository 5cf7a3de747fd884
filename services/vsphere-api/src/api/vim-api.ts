import type { Logger } from "@vdsim/runtime";
import type { SoapReply } from "../http-server.js";
import type { Call, Method, MethodTable } from "./method.js";
import { ContainerViewObject, isContainerView } from "../collector/views.js";
import type { ObjectSource } from "../inventory/managed-object.js";
import { overlay } from "../inventory/managed-object.js";
import { REFS } from "../inventory/refs.js";
import { isA } from "../inventory/schema.js";
import { args, readBoolean, readMoRef, readString, requiredArg, optional, arg } from "../soap/decode.js";
import { parseSoapRequest, serializeFault, serializeResponse, type SoapRequest } from "../soap/envelope.js";
import { VimFault, invalidLogin, isVimFault, managedObjectNotFound, methodNotFound, notAuthenticated } from "../soap/faults.js";
import { dateTime, mor, mors, str, strings, type VimValue } from "../soap/values.js";
import { cancelRetrievePropertiesEx, continueRetrievePropertiesEx, retrieveProperties, retrievePropertiesEx } from "./property-collector.js";
import { serviceContent, type AboutOptions } from "./service-content.js";
import { SessionStore, sessionCookie, userSessionValue, type Session } from "./sessions.js";

export interface VimApiOptions {
  readonly userName: string;
  readonly password: string;
  readonly about: AboutOptions;
  /** the inventory as it stands now (folded from the log) */
  readonly inventory: () => ObjectSource;
  readonly log: Logger;
  /** the methods beyond sessions and reading (watching, tasks, changes), one table per area */
  readonly methods?: readonly MethodTable[];
  /** objects beside the inventory that every session sees (tasks, the managers) */
  readonly sources?: readonly ObjectSource[];
}

/**
 * The vim25 endpoint: reads a SOAP call, finds its session by the vmware_soap_session cookie, runs
 * the method against the inventory and writes the response or the fault. It never throws.
 */
export class VimApi {
  readonly #sessions = new SessionStore();
  /** by name; several areas may define one name for different receivers (Destroy_Task of a switch, of a VM) */
  readonly #methods = new Map<string, Method[]>();

  constructor(private readonly options: VimApiOptions) {
    const own: MethodTable = {
      RetrieveServiceContent: { receiver: "ServiceInstance", public: true, run: () => serviceContent(options.about) },
      CurrentTime: { receiver: "ServiceInstance", public: true, run: () => dateTime(new Date()) },
      Login: { receiver: "SessionManager", public: true, run: (c) => this.#login(c) },
      Logout: {
        receiver: "SessionManager",
        run: (c) => {
          this.#sessions.end(c.session);
          return undefined;
        },
      },
      RetrieveProperties: { receiver: "PropertyCollector", run: (c) => retrieveProperties(c.req, c.source) },
      RetrievePropertiesEx: { receiver: "PropertyCollector", run: (c) => retrievePropertiesEx(c.req, c.source, c.session) },
      ContinueRetrievePropertiesEx: { receiver: "PropertyCollector", run: (c) => continueRetrievePropertiesEx(c.req, c.session) },
      CancelRetrievePropertiesEx: { receiver: "PropertyCollector", run: (c) => cancelRetrievePropertiesEx(c.req, c.session) },
      CreateContainerView: { receiver: "ViewManager", run: (c) => this.#createContainerView(c) },
      DestroyView: {
        receiver: "ContainerView",
        run: (c) => {
          if (!c.session.objects.find(c.req.this, isContainerView)) throw managedObjectNotFound(c.req.this);
          c.session.objects.remove(c.req.this);
          return undefined;
        },
      },
    };
    for (const table of [own, ...(options.methods ?? [])]) {
      for (const [name, method] of Object.entries(table)) {
        const same = this.#methods.get(name) ?? [];
        if (same.some((m) => m.receiver === method.receiver)) throw new Error(`the vim25 method ${method.receiver}.${name} is defined twice`);
        this.#methods.set(name, [...same, method]);
      }
    }
  }

  /** Every method served, as "Receiver.Method" (the README's table is checked against it). */
  methodNames(): string[] {
    return [...this.#methods.entries()].flatMap(([name, ms]) => ms.map((m) => `${m.receiver}.${name}`)).sort();
  }

  get sessions(): number {
    return this.#sessions.size;
  }

  async handle(body: string, cookie: string | undefined, peer: string, userAgent = "", signal: AbortSignal = new AbortController().signal): Promise<SoapReply> {
    const parsed = parseSoapRequest(body);
    if (!parsed.ok) return { status: 500, body: serializeFault(parsed.fault) };
    const req = parsed.request;
    const { session, created } = this.#sessions.resolve(cookie, peer);
    if (userAgent) session.userAgent = userAgent;
    const setCookie = created ? { setCookie: sessionCookie(session.key) } : {};
    try {
      const result = await this.#call(req, session, signal);
      return { status: 200, body: serializeResponse(req.method, result), ...setCookie };
    } catch (err) {
      const fault = isVimFault(err) ? err : new VimFault("SystemError", `vdsim failed in ${req.method}: ${String(err)}`, { reason: str(String(err)) });
      if (!isVimFault(err)) this.options.log.error({ err, method: req.method }, "a vSphere API call failed");
      return { status: 500, body: serializeFault(fault), ...setCookie };
    }
  }

  #call(req: SoapRequest, session: Session, signal: AbortSignal): VimValue | undefined | Promise<VimValue | undefined> {
    const candidates = this.#methods.get(req.method) ?? [];
    const method = candidates.find((m) => isA(req.this.type, m.receiver));
    const authenticated = session.userName !== undefined;
    if (!authenticated && !(method ?? candidates[0])?.public) throw notAuthenticated(req.this);
    if (!method) throw methodNotFound(req.this, req.method);
    const sourceNow = (): ObjectSource => this.#source(session);
    return method.run({ req, session, source: sourceNow(), sourceNow, signal });
  }

  /** What a session sees: its views and objects, the service's singletons, the shared sources, the inventory. */
  #source(session: Session): ObjectSource {
    let source: ObjectSource = this.options.inventory();
    for (const s of [...(this.options.sources ?? [])].reverse()) source = overlay(s, source);
    source = overlay(this.#singletons(session), source);
    return overlay(session.objects, source);
  }

  #login(c: Call): VimValue | undefined {
    const userName = readString(requiredArg(c.req, "userName"));
    const password = readString(requiredArg(c.req, "password"));
    if (userName.toLowerCase() !== this.options.userName.toLowerCase() || password !== this.options.password) throw invalidLogin();
    c.session.userName = this.options.userName;
    c.session.loginTime = new Date();
    return userSessionValue(c.session);
  }

  #createContainerView(c: Call): VimValue {
    const container = readMoRef(requiredArg(c.req, "container"));
    if (!c.source.get(container)) throw managedObjectNotFound(container);
    const types = args(c.req, "type").map(readString);
    const recursive = optional(arg(c.req, "recursive"), readBoolean) ?? false;
    const view = new ContainerViewObject(c.session.objects.newRef("ContainerView"), { container, types, recursive }, c.sourceNow);
    return mor(c.session.objects.add(view));
  }

  /** The service's own objects as a session sees them (its currentSession, its views). */
  #singletons(session: Session): ObjectSource {
    const objects: Record<string, Record<string, VimValue | undefined>> = {
      ServiceInstance: { content: serviceContent(this.options.about), serverClock: dateTime(new Date()) },
      SessionManager: {
        currentSession: userSessionValue(session),
        defaultLocale: str("en"),
        supportedLocaleList: strings(["en"]),
        messageLocaleList: strings(["en"]),
      },
      PropertyCollector: { filter: mors([]) },
      ViewManager: { viewList: mors([...session.objects.refsOf("ContainerView"), ...session.objects.refsOf("ListView")]) },
    };
    const refs = [REFS.serviceInstance, REFS.sessionManager, REFS.propertyCollector, REFS.viewManager];
    return {
      get: (ref) => {
        const known = refs.find((r) => r.type === ref.type && r.value === ref.value);
        const props = known ? objects[known.type] : undefined;
        return known && props ? { ref: known, props } : undefined;
      },
    };
  }
}
