import { describe, expect, it } from "vitest";
import { createLogger } from "@vdsim/runtime";
import { decide, envelope } from "@vdsim/model";
import { ChangeSignal } from "../changes.js";
import { VimApi } from "../api/vim-api.js";
import { buildInventory } from "../inventory/build-inventory.js";
import { InventoryContext } from "../inventory/context.js";
import { FoldedCluster } from "../inventory/folded-cluster.js";
import { SAMPLE } from "../inventory/cluster.spec-support.js";
import { TaskStore } from "../tasks/task-store.js";
import { child, childrenNamed, parseXml, xsiType, type XmlElement } from "../soap/xml-tree.js";
import { VsphereEventFold } from "./event-fold.js";
import { eventManagerSource, eventMethods } from "./event-methods.js";
import { MAX_COLLECTORS } from "./history.js";

const USER = "administrator@vsphere.local";

function given(): VimApi {
  const cluster = new FoldedCluster();
  const events = new VsphereEventFold(USER);
  let seq = 0;
  SAMPLE.forEach((command, i) =>
    decide(command, cluster.state, { isHostResponding: () => true }).forEach((e, j) => {
      const stored = { seq: ++seq, subject: "vdsim.evt.test", envelope: envelope(e, { commandId: `c${i}`, time: "2026-12-03T08:00:00.000Z" }, j) };
      cluster.apply(stored);
      events.apply(stored);
    }),
  );
  const ctx = new InventoryContext(cluster, () => "connected", new Date());
  const deps = { ctx, events, tasks: new TaskStore(new ChangeSignal()) };
  return new VimApi({
    userName: USER,
    password: "pw",
    about: { vdsimVersion: "0.1.0", instanceUuid: "u" },
    inventory: () => buildInventory(ctx),
    log: createLogger("test"),
    methods: [eventMethods(deps)],
    sources: [eventManagerSource(deps)],
  });
}

const envelopeOf = (method: string, self: string, body: string): string =>
  `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><${method} xmlns="urn:vim25"><_this type="${self.split(":")[0]}">${self.split(":")[1]}</_this>${body}</${method}></soapenv:Body></soapenv:Envelope>`;

async function session(api: VimApi) {
  let cookie: string | undefined;
  const send = async (method: string, self: string, body = ""): Promise<{ status: number; body: XmlElement }> => {
    const reply = await api.handle(envelopeOf(method, self, body), cookie, "127.0.0.1");
    cookie = reply.setCookie ?? cookie;
    const b = child(parseXml(reply.body), "Body");
    if (!b) throw new Error("no SOAP body");
    return { status: reply.status, body: b };
  };
  await send("Login", "SessionManager:SessionManager", `<userName>${USER}</userName><password>pw</password>`);
  return send;
}

const returnvals = (body: XmlElement, method: string): XmlElement[] => childrenNamed(child(body, `${method}Response`) ?? body, "returnval");
const faultOf = (body: XmlElement): string | undefined => {
  const detail = child(child(body, "Fault") ?? body, "detail");
  return detail?.children[0] ? xsiType(detail.children[0]) : undefined;
};

describe("EventManager and its collectors over SOAP", () => {
  it("QueryEvents answers each event with its xsi:type; a filter naming an entity that does not exist is ManagedObjectNotFound", async () => {
    const send = await session(given());
    const all = returnvals((await send("QueryEvents", "EventManager:EventManager", "<filter></filter>")).body, "QueryEvents");
    expect(all.map(xsiType)).toContain("DvsCreatedEvent");
    expect(child(all[0]!, "datacenter")?.attrs["xsi:type"]).toBe("DatacenterEventArgument");
    const gone = await send("QueryEvents", "EventManager:EventManager", `<filter><entity><entity type="VirtualMachine">vm-999</entity><recursion>self</recursion></entity></filter>`);
    expect(gone.status).toBe(500);
    expect(faultOf(gone.body)).toBe("ManagedObjectNotFound");
    const bad = await send("QueryEvents", "EventManager:EventManager", "<filter><maxCount>-1</maxCount></filter>");
    expect(faultOf(bad.body)).toBe("InvalidArgument");
  });

  it("a collector is the session's: read through the property collector, paged, destroyed; past maxCollector the next is InvalidState", async () => {
    const api = given();
    const send = await session(api);
    const made = await send("CreateCollectorForEvents", "EventManager:EventManager", "<filter><eventTypeId>VmCreatedEvent</eventTypeId></filter>");
    const ref = returnvals(made.body, "CreateCollectorForEvents")[0]!;
    expect(ref.attrs["type"]).toBe("EventHistoryCollector");
    const self = `EventHistoryCollector:${ref.text}`;
    const page = await send(
      "RetrievePropertiesEx",
      "PropertyCollector:propertyCollector",
      `<specSet><propSet><type>EventHistoryCollector</type><pathSet>latestPage</pathSet><pathSet>filter</pathSet></propSet><objectSet><obj type="EventHistoryCollector">${ref.text}</obj></objectSet></specSet><options></options>`,
    );
    const props = childrenNamed(child(returnvals(page.body, "RetrievePropertiesEx")[0]!, "objects")!, "propSet");
    const val = (name: string) => child(props.find((p) => child(p, "name")?.text === name)!, "val")!;
    expect(val("latestPage").attrs["xsi:type"]).toBe("ArrayOfEvent");
    expect(val("latestPage").children.map(xsiType)).toEqual(["VmCreatedEvent", "VmCreatedEvent"]);
    expect(val("filter").attrs["xsi:type"]).toBe("EventFilterSpec");
    expect(returnvals((await send("ReadNextEvents", self, "<maxCount>1</maxCount>")).body, "ReadNextEvents")).toHaveLength(1);
    expect(returnvals((await send("ReadNextEvents", self, "<maxCount>5</maxCount>")).body, "ReadNextEvents")).toHaveLength(1);
    expect(returnvals((await send("ReadNextEvents", self, "<maxCount>5</maxCount>")).body, "ReadNextEvents")).toHaveLength(0);
    expect((await send("DestroyCollector", self)).status).toBe(200);
    expect(faultOf((await send("ReadNextEvents", self, "<maxCount>5</maxCount>")).body)).toBe("ManagedObjectNotFound");
    for (let i = 0; i < MAX_COLLECTORS; i++) expect((await send("CreateCollectorForTasks", "TaskManager:TaskManager", "<filter></filter>")).status).toBe(200);
    expect(faultOf((await send("CreateCollectorForEvents", "EventManager:EventManager", "<filter></filter>")).body)).toBe("InvalidState");
  });

  it("EventManager reads back description.eventInfo, latestEvent and maxCollector; PostEvent is MethodNotFound", async () => {
    const send = await session(given());
    const got = await send(
      "RetrievePropertiesEx",
      "PropertyCollector:propertyCollector",
      `<specSet><propSet><type>EventManager</type><pathSet>description</pathSet><pathSet>latestEvent</pathSet><pathSet>maxCollector</pathSet></propSet><objectSet><obj type="EventManager">EventManager</obj></objectSet></specSet><options></options>`,
    );
    const props = childrenNamed(child(returnvals(got.body, "RetrievePropertiesEx")[0]!, "objects")!, "propSet");
    const val = (name: string) => child(props.find((p) => child(p, "name")?.text === name)!, "val")!;
    const infos = childrenNamed(val("description"), "eventInfo");
    expect(infos.map((i) => child(i, "key")?.text)).toContain("VmMigratedEvent");
    expect(child(infos.find((i) => child(i, "key")?.text === "DvsCreatedEvent")!, "fullFormat")?.text).toBe("A vSphere Distributed Switch {dvs.name} was created in {datacenter.name}.");
    expect(xsiType(val("latestEvent"))).toBe("VmCreatedEvent");
    expect(val("maxCollector").text).toBe(String(MAX_COLLECTORS));
    expect(faultOf((await send("PostEvent", "EventManager:EventManager", "<eventToPost></eventToPost>")).body)).toBe("MethodNotFound");
  });
});
