import { spawnSync } from "node:child_process";
import { request } from "node:https";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VdsimClient } from "@vdsim/client";
import { startCluster, type ClusterHandle } from "@vdsim/cluster";
import { PYTHON, hasPyVmomi, startVsphereApi, type VsphereApi } from "./support/vsphere.js";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

function post(url: string, body: string, cookie?: string): Promise<{ status: number; body: string; cookie: string | undefined }> {
  return new Promise((done, fail) => {
    const req = request(url, { method: "POST", rejectUnauthorized: false, headers: { "content-type": "text/xml", ...(cookie ? { cookie } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), cookie: res.headers["set-cookie"]?.[0] }));
    });
    req.on("error", fail);
    req.end(body);
  });
}

const envelope = (method: string, type: string, id: string, args = ""): string =>
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><${method} xmlns="urn:vim25"><_this type="${type}">${id}</_this>${args}</${method}></soapenv:Body></soapenv:Envelope>`;
const login = (user: string, password: string) => envelope("Login", "SessionManager", "SessionManager", `<userName>${user}</userName><password>${password}</password>`);

/** The vSphere API service against a real cluster: pyVmomi lists what the vdsim client built; plain HTTPS gets each fault. */
describe("the vSphere API service", () => {
  let cluster: ClusterHandle;
  let client: VdsimClient;
  let api: VsphereApi;
  let url: string;
  const wait = { waitMs: 10_000 };

  beforeAll(async () => {
    cluster = await startCluster({ hosts: 2 });
    client = cluster.client;
    await client.createSwitch("dvs1");
    for (const h of ["esx-01", "esx-02"]) await client.addHostToSwitch("dvs1", h, ["vmnic1"], wait);
    await client.addPortGroup("dvs1", "web", { vlan: { kind: "vlan", id: 10 } }, wait);
    await client.createVm("a", "esx-01", ["web"], wait);
    api = await startVsphereApi(cluster);
    url = api.url;
  });

  afterAll(async () => {
    await api?.stop();
    await cluster?.down();
  });

  it("serves https://127.0.0.1:PORT/sdk", () => {
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/sdk$/);
  });

  it.skipIf(!hasPyVmomi)("lists the hosts, the VDS with its port groups and the VM with its dvPort through pyVmomi, and refuses a wrong password with InvalidLogin", async () => {
    const run = spawnSync(PYTHON, [join(ROOT, "test/vsphere/inventory.py"), api.port, api.user, api.password], { encoding: "utf8", timeout: 60_000 });
    expect(run.stderr).toBe("");
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(out["fullName"]).toMatch(/^vdsim \S+ \(vSphere API simulator\)$/);
    expect(out["apiType"]).toBe("VirtualCenter");
    expect(out["userName"]).toBe(api.user);
    expect(out["datacenters"]).toEqual(["vdsim-dc"]);
    expect(out["hosts"]).toEqual([
      { name: "esx-01", connectionState: "connected", parent: "vdsim-cluster" },
      { name: "esx-02", connectionState: "connected", parent: "vdsim-cluster" },
    ]);
    const switches = out["switches"] as Array<{ name: string; uuid: string; maxMtu: number; portgroups: Array<{ name: string; key: string; vlan: unknown }> }>;
    expect(switches).toHaveLength(1);
    expect(switches[0]!.name).toBe("dvs1");
    expect(switches[0]!.uuid).toMatch(/^([0-9a-f]{2} ){7}[0-9a-f]{2}-([0-9a-f]{2} ){7}[0-9a-f]{2}$/);
    const web = switches[0]!.portgroups.find((pg) => pg.name === "web")!;
    expect(web.vlan).toBe(10);
    expect(web.key).toMatch(/^dvportgroup-\d+$/);
    const vms = out["vms"] as Array<{ name: string; host: string; powerState: string; nics: Array<{ switchUuid: string; portgroupKey: string; portKey: string }> }>;
    expect(vms.map((v) => [v.name, v.host, v.powerState])).toEqual([["a", "esx-01", "poweredOn"]]);
    expect(vms[0]!.nics).toHaveLength(1);
    expect(vms[0]!.nics[0]!.switchUuid).toBe(switches[0]!.uuid);
    expect(vms[0]!.nics[0]!.portgroupKey).toBe(web.key);
    expect(vms[0]!.nics[0]!.portKey).toMatch(/^\d+$/);
    expect(out["wrongPassword"]).toBe("InvalidLogin");
    // the folders, the datacenter, the cluster, its pool, 2 hosts, 1 VM, the standard networks, the VDS, its 2 port groups
    expect(out["everyProperty"]).toBeGreaterThanOrEqual(13);
  });

  it("answers a malformed envelope with an InvalidRequest fault (HTTP 500), and keeps answering", async () => {
    const reply = await post(url, "<soapenv:Envelope><soapenv:Body><Login>");
    expect(reply.status).toBe(500);
    expect(reply.body).toContain("<faultcode>ServerFaultCode</faultcode>");
    expect(reply.body).toMatch(/<InvalidRequestFault xmlns="urn:vim25" xsi:type="InvalidRequest"/);
    expect((await post(url, envelope("RetrieveServiceContent", "ServiceInstance", "ServiceInstance"))).status).toBe(200);
  });

  it("answers NotAuthenticated without a session, InvalidLogin for a wrong password, MethodNotFound naming an unknown method", async () => {
    const anonymous = await post(url, envelope("RetrievePropertiesEx", "PropertyCollector", "propertyCollector"));
    expect(anonymous.status).toBe(500);
    expect(anonymous.body).toContain('xsi:type="NotAuthenticated"');
    const wrong = await post(url, login(api.user, "nope"));
    expect(wrong.body).toContain('<InvalidLoginFault xmlns="urn:vim25" xsi:type="InvalidLogin"');
    const ok = await post(url, login(api.user, api.password));
    expect(ok.status).toBe(200);
    expect(ok.cookie).toMatch(/^vmware_soap_session=/);
    const unknown = await post(url, envelope("CreateClusterEx", "Folder", "group-h4"), ok.cookie);
    expect(unknown.status).toBe(500);
    expect(unknown.body).toContain('xsi:type="MethodNotFound"');
    expect(unknown.body).toContain('<receiver type="Folder">group-h4</receiver><method>CreateClusterEx</method>');
  });
});
