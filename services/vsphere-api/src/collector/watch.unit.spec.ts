import { describe, expect, it } from "vitest";
import { createLogger } from "@vdsim/runtime";
import { VimApi } from "../api/vim-api.js";
import { ChangeSignal } from "../changes.js";
import { ObjectMap } from "../inventory/managed-object.js";
import { mor, moRef, str } from "../soap/values.js";
import { child, childrenNamed, parseXml, xsiType, type XmlElement } from "../soap/xml-tree.js";
import { watchMethods } from "./watch-methods.js";

const PASSWORD = "pw";
const VM = moRef("VirtualMachine", "vm-100");
const HOST1 = moRef("HostSystem", "host-10");
const HOST2 = moRef("HostSystem", "host-11");

/** An API over an inventory the test changes by hand, bumping the change signal as the service does. */
function setup() {
  const changes = new ChangeSignal();
  let objects = new ObjectMap();
  const put = (name: string, host: typeof HOST1) => {
    const next = new ObjectMap();
    next.add({ ref: VM, props: { name: str(name), runtime: { kind: "data", type: "VirtualMachineRuntimeInfo", props: { host: mor(host) } } } });
    objects = next;
    changes.bump();
  };
  const drop = () => {
    objects = new ObjectMap();
    changes.bump();
  };
  put("a", HOST1);
  const api = new VimApi({
    userName: "root",
    password: PASSWORD,
    about: { vdsimVersion: "0.1.0", instanceUuid: "u" },
    inventory: () => objects,
    log: createLogger("test"),
    methods: [watchMethods({ changes })],
  });
  return { api, put, drop, changes };
}

const envelope = (method: string, self: string, body = ""): string =>
  `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><${method} xmlns="urn:vim25"><_this type="${self.split(":")[0]}">${self.split(":")[1]}</_this>${body}</${method}></soapenv:Body></soapenv:Envelope>`;

class Client {
  cookie: string | undefined;
  constructor(readonly api: VimApi) {}
  async send(method: string, self: string, body = ""): Promise<XmlElement> {
    const reply = await this.api.handle(envelope(method, self, body), this.cookie, "127.0.0.1");
    if (reply.setCookie) this.cookie = reply.setCookie;
    return child(parseXml(reply.body), "Body")!;
  }
  /** The returnval of a call, or undefined for none (an unset result). */
  async returnval(method: string, self: string, body = ""): Promise<XmlElement | undefined> {
    const doc = await this.send(method, self, body);
    const fault = child(doc, "Fault");
    if (fault) throw new Error(`${method}: ${xsiType(child(fault, "detail")!.children[0]!)}: ${child(fault, "faultstring")?.text}`);
    return child(child(doc, `${method}Response`)!, "returnval");
  }
  faultOf = async (method: string, self: string, body = ""): Promise<string | undefined> => {
    const fault = child(await this.send(method, self, body), "Fault");
    return fault && xsiType(child(fault, "detail")!.children[0]!);
  };
}

async function loggedIn(api: VimApi): Promise<Client> {
  const c = new Client(api);
  await c.send("Login", "SessionManager:SessionManager", `<userName>root</userName><password>${PASSWORD}</password>`);
  return c;
}

const PC = "PropertyCollector:propertyCollector";
const vmFilter = (paths: string[]) =>
  `<spec><propSet><type>VirtualMachine</type>${paths.map((p) => `<pathSet>${p}</pathSet>`).join("")}</propSet><objectSet><obj type="VirtualMachine">vm-100</obj></objectSet></spec><partialUpdates>false</partialUpdates>`;
const waitEx = (version: string | undefined, maxWait: number) => `${version === undefined ? "" : `<version>${version}</version>`}<options><maxWaitSeconds>${maxWait}</maxWaitSeconds></options>`;

/** Each ObjectUpdate of an UpdateSet: its kind, object, and changed properties with their values. */
function updates(set: XmlElement | undefined) {
  if (!set) return undefined;
  return childrenNamed(set, "filterSet").flatMap((f) =>
    childrenNamed(f, "objectSet").map((o) => ({
      kind: child(o, "kind")!.text,
      obj: child(o, "obj")!.text,
      changes: Object.fromEntries(childrenNamed(o, "changeSet").map((ch) => [child(ch, "name")!.text, child(ch, "val")?.text ?? null])),
    })),
  );
}

describe("watching with the property collector", () => {
  it("given a filter on a VM, when waited on from no version, then the VM enters with every property asked", async () => {
    const { api } = setup();
    const c = await loggedIn(api);
    const filter = await c.returnval("CreateFilter", PC, vmFilter(["name", "runtime.host"]));
    expect(filter?.attrs["type"]).toBe("PropertyFilter");
    const set = await c.returnval("WaitForUpdatesEx", PC, waitEx(undefined, 0));
    expect(child(set!, "version")?.text).toBe("1");
    expect(updates(set)).toEqual([{ kind: "enter", obj: "vm-100", changes: { name: "a", "runtime.host": "host-10" } }]);
    // nothing changed since: with maxWaitSeconds 0 the answer is unset
    expect(await c.returnval("WaitForUpdatesEx", PC, waitEx("1", 0))).toBeUndefined();
    expect(await c.returnval("CheckForUpdates", PC, "<version>1</version>")).toBeUndefined();
  });

  it("given a waiter, when a watched property changes, then it wakes with only that property (modify); when the object goes, it leaves", async () => {
    const { api, put, drop } = setup();
    const c = await loggedIn(api);
    await c.returnval("CreateFilter", PC, vmFilter(["name", "runtime.host"]));
    await c.returnval("WaitForUpdatesEx", PC, waitEx(undefined, 0));
    const waiting = c.returnval("WaitForUpdatesEx", PC, waitEx("1", 30));
    put("a", HOST2);
    const set = await waiting;
    expect(child(set!, "version")?.text).toBe("2");
    expect(updates(set)).toEqual([{ kind: "modify", obj: "vm-100", changes: { "runtime.host": "host-11" } }]);
    // a change to a property nobody watches wakes nobody with an update
    put("a", HOST2);
    expect(await c.returnval("WaitForUpdatesEx", PC, waitEx("2", 0))).toBeUndefined();
    drop();
    expect(updates(await c.returnval("WaitForUpdatesEx", PC, waitEx("2", 5)))).toEqual([{ kind: "leave", obj: "vm-100", changes: {} }]);
  });

  it("refuses a version it did not give (InvalidCollectorVersion) and a path the type lacks (InvalidProperty)", async () => {
    const { api } = setup();
    const c = await loggedIn(api);
    await c.returnval("CreateFilter", PC, vmFilter(["name"]));
    expect(await c.faultOf("WaitForUpdatesEx", PC, waitEx("7", 0))).toBe("InvalidCollectorVersion");
    expect(await c.faultOf("CreateFilter", PC, vmFilter(["noSuchProperty"]))).toBe("InvalidProperty");
  });

  it("WaitForUpdates blocks until a change; CancelWaitForUpdates ends it with RequestCanceled", async () => {
    const { api, put } = setup();
    const c = await loggedIn(api);
    await c.returnval("CreateFilter", PC, vmFilter(["name"]));
    await c.returnval("WaitForUpdates", PC);
    const waiting = c.returnval("WaitForUpdates", PC, "<version>1</version>");
    put("renamed", HOST1);
    expect(updates(await waiting)).toEqual([{ kind: "modify", obj: "vm-100", changes: { name: "renamed" } }]);
    const canceled = c.faultOf("WaitForUpdates", PC, "<version>2</version>");
    await new Promise((r) => setImmediate(r));
    await c.returnval("CancelWaitForUpdates", PC);
    expect(await canceled).toBe("RequestCanceled");
  });

  it("keeps the filters of each session and of each collector apart; DestroyPropertyFilter stops its updates", async () => {
    const { api, put } = setup();
    const a = await loggedIn(api);
    const b = await loggedIn(api);
    const filter = (await a.returnval("CreateFilter", PC, vmFilter(["name"])))!.text;
    await a.returnval("WaitForUpdatesEx", PC, waitEx(undefined, 0));
    // b's collector has no filter: nothing for it
    expect(await b.returnval("WaitForUpdatesEx", PC, waitEx(undefined, 0))).toBeUndefined();
    const made = (await b.returnval("CreatePropertyCollector", PC))!;
    const own = `PropertyCollector:${made.text}`;
    await b.returnval("CreateFilter", own, vmFilter(["name"]));
    expect(updates(await b.returnval("WaitForUpdatesEx", own, waitEx(undefined, 0)))).toHaveLength(1);
    await a.returnval("DestroyPropertyFilter", `PropertyFilter:${filter}`);
    put("b", HOST1);
    expect(await a.returnval("WaitForUpdatesEx", PC, waitEx("1", 0))).toBeUndefined();
    expect(updates(await b.returnval("WaitForUpdatesEx", own, waitEx("1", 0)))).toEqual([{ kind: "modify", obj: "vm-100", changes: { name: "b" } }]);
    await b.returnval("DestroyPropertyCollector", own);
    expect(await b.faultOf("WaitForUpdatesEx", own, waitEx("1", 0))).toBe("ManagedObjectNotFound");
  });

  it("lists what a ListView holds; ModifyListView answers the references that name nothing", async () => {
    const { api } = setup();
    const c = await loggedIn(api);
    const view = (await c.returnval("CreateListView", "ViewManager:ViewManager", `<obj type="VirtualMachine">vm-100</obj>`))!.text;
    const unresolved = await c.send("ModifyListView", `ListView:${view}`, `<add type="VirtualMachine">vm-999</add>`);
    expect(childrenNamed(child(unresolved, "ModifyListViewResponse")!, "returnval").map((r) => r.text)).toEqual(["vm-999"]);
    const spec = `<specSet><propSet><type>ListView</type><pathSet>view</pathSet></propSet><objectSet><obj type="ListView">${view}</obj></objectSet></specSet>`;
    const got = await c.returnval("RetrievePropertiesEx", PC, spec);
    const val = child(child(child(got!, "objects")!, "propSet")!, "val")!;
    expect(val.children.map((r) => r.text)).toEqual(["vm-100"]);
    await c.returnval("DestroyView", `ListView:${view}`);
    expect(await c.faultOf("ResetListView", `ListView:${view}`)).toBe("ManagedObjectNotFound");
  });
});
