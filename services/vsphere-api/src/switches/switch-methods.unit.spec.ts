import { describe, expect, it } from "vitest";
import { decide, envelope, type ManagementCommand } from "@vdsim/model";
import { RemoteError } from "@vdsim/protocol";
import type { VdsimClient } from "@vdsim/client";
import { createLogger } from "@vdsim/runtime";
import type { ApiDeps } from "../api/method.js";
import { VimApi } from "../api/vim-api.js";
import { ChangeSignal } from "../changes.js";
import { buildInventory } from "../inventory/build-inventory.js";
import { SAMPLE, foldCommands } from "../inventory/cluster.spec-support.js";
import { InventoryContext } from "../inventory/context.js";
import { child, childrenNamed, parseXml, xsiType, type XmlElement } from "../soap/xml-tree.js";
import { TaskStore } from "../tasks/task-store.js";
import { dvsManagerSource, switchTables } from "./mod.js";

/** A cluster whose management service is the model's decider over the folded state: what it records folds at once. */
function world() {
  const folded = foldCommands(SAMPLE);
  const changes = new ChangeSignal();
  const ctx = new InventoryContext(folded, () => "connected", new Date("2026-12-03T08:00:00Z"));
  const sent: ManagementCommand[] = [];
  let seq = 1000;
  const cluster = {
    command: async (command: ManagementCommand) => {
      sent.push(command);
      let events;
      try {
        events = decide(command, folded.state, { isHostResponding: () => true });
      } catch (err) {
        throw new RemoteError((err as { code: string }).code, (err as Error).message);
      }
      for (const [j, e] of events.entries()) folded.apply({ seq: ++seq, subject: "vdsim.evt.global.test", envelope: envelope(e, { commandId: `api${seq}`, time: "2026-12-03T08:00:00.000Z" }, j) });
      changes.bump();
      return { seq: events.length > 0 ? seq : null, events: events.map((e) => e.type) };
    },
  } as unknown as VdsimClient;
  const tasks = new TaskStore(changes);
  const deps: ApiDeps = { cluster, ctx, tasks, changes, log: createLogger("test") };
  const api = new VimApi({
    userName: "u",
    password: "p",
    about: { vdsimVersion: "0", instanceUuid: "i" },
    inventory: () => buildInventory(ctx),
    log: createLogger("test"),
    methods: switchTables(deps),
    sources: [tasks, dvsManagerSource],
  });
  return { api, tasks, sent, ctx };
}

const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const envelopeOf = (method: string, self: string, body: string) =>
  `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ${XSI}><soapenv:Body><${method} xmlns="urn:vim25"><_this type="${self.split(":")[0]}">${self.split(":")[1]}</_this>${body}</${method}></soapenv:Body></soapenv:Envelope>`;

async function session(api: VimApi) {
  let cookie: string | undefined;
  const send = async (method: string, self: string, body = ""): Promise<XmlElement> => {
    const reply = await api.handle(envelopeOf(method, self, body), cookie, "127.0.0.1");
    if (reply.setCookie) cookie = reply.setCookie;
    return child(parseXml(reply.body), "Body") as XmlElement;
  };
  await send("Login", "SessionManager:SessionManager", "<userName>u</userName><password>p</password>");
  return send;
}

const returnval = (body: XmlElement, method: string): XmlElement[] => childrenNamed(child(body, `${method}Response`) as XmlElement, "returnval");
const fault = (body: XmlElement): string | undefined => {
  const detail = child(child(body, "Fault") as XmlElement, "detail");
  return detail?.children[0] && xsiType(detail.children[0]);
};

describe("the switches area's methods over a folded cluster", () => {
  it("answers the DVS manager: the product spec, the hosts' spec, a switch by uuid, NotFound for an unknown uuid", async () => {
    const { api, ctx } = world();
    const send = await session(api);
    const specs = returnval(await send("QueryAvailableDvsSpec", "DistributedVirtualSwitchManager:DVSManager"), "QueryAvailableDvsSpec");
    expect(specs.map((s) => [xsiType(s), child(s, "name")?.text, child(s, "vendor")?.text, child(s, "version")?.text])).toEqual([["DistributedVirtualSwitchProductSpec", "DVS", "VMware, Inc.", "6.6.0"]]);
    const hosts = returnval(await send("QueryDvsCompatibleHostSpec", "DistributedVirtualSwitchManager:DVSManager"), "QueryDvsCompatibleHostSpec");
    expect(hosts.map((h) => child(h, "productLineId")?.text)).toEqual(["embeddedEsx"]);
    const dvs1 = ctx.state.switches["dvs1"];
    if (!dvs1) throw new Error("sample switch");
    const byUuid = returnval(await send("QueryDvsByUuid", "DistributedVirtualSwitchManager:DVSManager", `<uuid>${ctx.switchUuid(dvs1)}</uuid>`), "QueryDvsByUuid");
    expect(byUuid.map((r) => [r.attrs["type"], r.text])).toEqual([["VmwareDistributedVirtualSwitch", ctx.switchRef(dvs1).value]]);
    expect(fault(await send("QueryDvsByUuid", "DistributedVirtualSwitchManager:DVSManager", "<uuid>nope</uuid>"))).toBe("NotFound");
    expect(fault(await send("DVSManagerLookupDvPortGroup", "DistributedVirtualSwitchManager:DVSManager", `<switchUuid>${ctx.switchUuid(dvs1)}</switchUuid><portgroupKey>dvportgroup-999</portgroupKey>`))).toBe("NotFound");
  });

  it("creates a switch with a host in one task whose result is the new switch; refuses a duplicate name with DuplicateName sending nothing", async () => {
    const { api, tasks, sent, ctx } = world();
    const send = await session(api);
    const spec = `<spec><configSpec xsi:type="VMwareDVSConfigSpec"><name>dvs2</name><host><operation>add</operation><host type="HostSystem">host-10</host><backing xsi:type="DistributedVirtualSwitchHostMemberPnicBacking"><pnicSpec><pnicDevice>vmnic0</pnicDevice></pnicSpec></backing></host><maxMtu>9000</maxMtu></configSpec></spec>`;
    const [task] = returnval(await send("CreateDVS_Task", "Folder:group-n5", spec), "CreateDVS_Task");
    if (!task) throw new Error("a task");
    await tasks.ended({ type: "Task", value: task.text });
    expect(tasks.state({ type: "Task", value: task.text })).toBe("success");
    const dvs2 = ctx.state.switches["dvs2"];
    expect(dvs2?.mtu).toBe(9000);
    expect(Object.keys(dvs2?.members ?? {})).toEqual(["esx-01"]);
    expect(sent.map((c) => c.type)).toEqual(["CreateDistributedSwitch", "AddHostToDistributedSwitch"]);
    const dup = await send("CreateDVS_Task", "Folder:group-n5", `<spec><configSpec><name>dvs1</name></configSpec></spec>`);
    expect(fault(dup)).toBe("DuplicateName");
    expect(sent).toHaveLength(2);
  });

  it("refuses a whole spec when a later command would fail (a second host's pnic), sending nothing", async () => {
    const { api, sent } = world();
    const send = await session(api);
    const spec = `<spec><configSpec><name>dvs3</name><host><operation>add</operation><host type="HostSystem">host-10</host></host><host><operation>add</operation><host type="HostSystem">host-11</host><backing xsi:type="DistributedVirtualSwitchHostMemberPnicBacking"><pnicSpec><pnicDevice>vmnic9</pnicDevice></pnicSpec></backing></host></configSpec></spec>`;
    expect(fault(await send("CreateDVS_Task", "Folder:group-n5", spec))).toBe("InvalidArgument");
    expect(sent).toEqual([]);
  });

  it("reconfigures a port group, then refuses the old configVersion (ConcurrentAccess); Destroy_Task of a port group in use is ResourceInUse", async () => {
    const { api, tasks, sent, ctx } = world();
    const send = await session(api);
    const key = ctx.state.portGroups["web"]?.key ?? "";
    const body = `<spec><configVersion>0</configVersion><defaultPortConfig xsi:type="VMwareDVSPortSetting"><blocked><inherited>false</inherited><value>true</value></blocked></defaultPortConfig></spec>`;
    const [task] = returnval(await send("ReconfigureDVPortgroup_Task", `DistributedVirtualPortgroup:${key}`, body), "ReconfigureDVPortgroup_Task");
    await tasks.ended({ type: "Task", value: task?.text ?? "" });
    expect(ctx.state.portGroups["web"]?.policy.blocked).toBe(true);
    expect(ctx.cluster.portGroupConfigVersion("web")).toBe(1);
    expect(fault(await send("ReconfigureDVPortgroup_Task", `DistributedVirtualPortgroup:${key}`, body))).toBe("ConcurrentAccess");
    expect(fault(await send("Destroy_Task", `DistributedVirtualPortgroup:${key}`))).toBe("ResourceInUse");
    expect(sent).toHaveLength(1);
  });
});
