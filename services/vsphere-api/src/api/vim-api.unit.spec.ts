import { describe, expect, it } from "vitest";
import { createLogger } from "@vdsim/runtime";
import { InventoryContext } from "../inventory/context.js";
import { buildInventory } from "../inventory/build-inventory.js";
import { SAMPLE, foldCommands } from "../inventory/cluster.spec-support.js";
import { child, childrenNamed, parseXml, xsiType, type XmlElement } from "../soap/xml-tree.js";
import { VimApi } from "./vim-api.js";

const ctx = new InventoryContext(foldCommands(SAMPLE), () => "connected", new Date("2026-12-03T08:00:00Z"));
const PASSWORD = "s3cret";

function api(): VimApi {
  return new VimApi({ userName: "administrator@vsphere.local", password: PASSWORD, about: { vdsimVersion: "0.1.0", instanceUuid: "u-1" }, inventory: () => buildInventory(ctx), log: createLogger("test") });
}

const call = (method: string, self: string, body = ""): string =>
  `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><${method} xmlns="urn:vim25"><_this type="${self.split(":")[0]}">${self.split(":")[1]}</_this>${body}</${method}></soapenv:Body></soapenv:Envelope>`;

/** A client with a cookie jar of one cookie, as pyVmomi keeps it. */
class Client {
  cookie: string | undefined;
  constructor(readonly api: VimApi) {}
  async send(method: string, self: string, body = ""): Promise<{ status: number; doc: XmlElement }> {
    const reply = await this.api.handle(call(method, self, body), this.cookie, "127.0.0.1");
    if (reply.setCookie) this.cookie = reply.setCookie;
    return { status: reply.status, doc: child(parseXml(reply.body), "Body")! };
  }
  async login(password = PASSWORD) {
    return this.send("Login", "SessionManager:SessionManager", `<userName>administrator@vsphere.local</userName><password>${password}</password>`);
  }
}

const faultType = (body: XmlElement): string | undefined => xsiType(child(child(body, "Fault")!, "detail")!.children[0]!);

const propSpec = (type: string, paths: string[]) => `<propSet><type>${type}</type>${paths.map((p) => `<pathSet>${p}</pathSet>`).join("")}</propSet>`;

describe("the vim25 endpoint over a folded cluster", () => {
  it("answers RetrieveServiceContent before login, with about naming vdsim as a VirtualCenter 6.7, and sets the session cookie", async () => {
    const c = new Client(api());
    const { status, doc } = await c.send("RetrieveServiceContent", "ServiceInstance:ServiceInstance");
    expect(status).toBe(200);
    const rv = child(child(doc, "RetrieveServiceContentResponse")!, "returnval")!;
    const about = child(rv, "about")!;
    expect(child(about, "fullName")?.text).toBe("vdsim 0.1.0 (vSphere API simulator)");
    expect(child(about, "apiType")?.text).toBe("VirtualCenter");
    expect(child(about, "apiVersion")?.text).toBe("6.7");
    expect(child(rv, "rootFolder")?.text).toBe("group-d1");
    expect(c.cookie).toMatch(/^vmware_soap_session="[^"]+"; Path=\/; HttpOnly; Secure$/);
  });

  it("refuses every other call without a login (NotAuthenticated), a wrong password (InvalidLogin), and an unknown method once logged in (MethodNotFound)", async () => {
    const c = new Client(api());
    expect(faultType((await c.send("RetrievePropertiesEx", "PropertyCollector:propertyCollector")).doc)).toBe("NotAuthenticated");
    const bad = await c.login("wrong");
    expect(bad.status).toBe(500);
    expect(faultType(bad.doc)).toBe("InvalidLogin");
    expect((await c.login()).status).toBe(200);
    const unknown = await c.send("CreateClusterEx", "Folder:group-h4");
    expect(faultType(unknown.doc)).toBe("MethodNotFound");
    const detail = child(child(unknown.doc, "Fault")!, "detail")!.children[0]!;
    expect(child(detail, "method")?.text).toBe("CreateClusterEx");
    expect(child(detail, "receiver")?.text).toBe("group-h4");
  });

  it("ends the session at Logout: the same cookie is then NotAuthenticated", async () => {
    const c = new Client(api());
    await c.login();
    expect((await c.send("Logout", "SessionManager:SessionManager")).status).toBe(200);
    const after = await c.send("RetrievePropertiesEx", "PropertyCollector:propertyCollector", `<specSet>${propSpec("Folder", ["name"])}<objectSet><obj type="Folder">group-d1</obj></objectSet></specSet>`);
    // the old cookie names no session: the call gets a new, unauthenticated one
    expect(faultType(after.doc)).toBe("NotAuthenticated");
  });

  it("lists hosts through a container view and a traversal spec, with dotted paths, paging by maxObjects", async () => {
    const c = new Client(api());
    await c.login();
    const view = await c.send("CreateContainerView", "ViewManager:ViewManager", `<container type="Folder">group-d1</container><type>HostSystem</type><recursive>true</recursive>`);
    const viewId = child(child(view.doc, "CreateContainerViewResponse")!, "returnval")!.text;
    const spec = `<specSet>${propSpec("HostSystem", ["name", "runtime.connectionState"])}<objectSet><obj type="ContainerView">${viewId}</obj><skip>true</skip><selectSet xsi:type="TraversalSpec"><name>tr</name><type>ContainerView</type><path>view</path><skip>false</skip></selectSet></objectSet></specSet>`;
    const first = await c.send("RetrievePropertiesEx", "PropertyCollector:propertyCollector", `${spec}<options><maxObjects>1</maxObjects></options>`);
    const result = child(child(first.doc, "RetrievePropertiesExResponse")!, "returnval")!;
    const token = child(result, "token")!.text;
    const props = (o: XmlElement) => Object.fromEntries(childrenNamed(o, "propSet").map((p) => [child(p, "name")!.text, [xsiType(child(p, "val")!), child(p, "val")!.text]]));
    expect(childrenNamed(result, "objects").map(props)).toEqual([{ name: ["string", "esx-01"], "runtime.connectionState": ["HostSystemConnectionState", "connected"] }]);
    const next = await c.send("ContinueRetrievePropertiesEx", "PropertyCollector:propertyCollector", `<token>${token}</token>`);
    const rest = child(child(next.doc, "ContinueRetrievePropertiesExResponse")!, "returnval")!;
    expect(child(rest, "token")).toBeUndefined();
    expect(childrenNamed(rest, "objects").map((o) => props(o)["name"]![1])).toEqual(["esx-02"]);
  });

  it("reads a VM's NIC backing with the dvPort key, and answers InvalidProperty for a property its type does not have", async () => {
    const c = new Client(api());
    await c.login();
    const spec = (path: string) => `<specSet>${propSpec("VirtualMachine", [path])}<objectSet><obj type="VirtualMachine">vm-100</obj></objectSet></specSet>`;
    const { doc } = await c.send("RetrievePropertiesEx", "PropertyCollector:propertyCollector", spec("config.hardware.device"));
    const val = child(child(child(child(child(doc, "RetrievePropertiesExResponse")!, "returnval")!, "objects")!, "propSet")!, "val")!;
    expect(xsiType(val)).toBe("ArrayOfVirtualDevice");
    const nic = val.children[0]!;
    expect(xsiType(nic)).toBe("VirtualVmxnet3");
    const port = child(child(nic, "backing")!, "port")!;
    expect(xsiType(child(nic, "backing")!)).toBe("VirtualEthernetCardDistributedVirtualPortBackingInfo");
    expect(child(port, "portgroupKey")?.text).toBe(ctx.state.portGroups["web"]!.key);
    expect(child(port, "portKey")?.text).toBe(ctx.state.vms["a"]!.nics[0]!.portKey);
    expect(faultType((await c.send("RetrievePropertiesEx", "PropertyCollector:propertyCollector", spec("noSuchProperty"))).doc)).toBe("InvalidProperty");
  });
});
