import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { composeErrors } from "./support/compose-schema.js";
import { k8sObject, natsImages, readCompose, readK8sObjects, readText, type K8sObject, type Yaml } from "./support/deploy-files.js";
import { schemaErrors, unknownFieldErrors } from "./support/k8s-schema.js";

type Service = {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, unknown>;
  volumes?: string[];
  secrets?: string[];
};
type Container = { name: string; image: string; args?: string[]; env?: Array<{ name: string; value?: string; valueFrom?: Yaml }> };

const services = (): Record<string, Service> => readCompose().services as Record<string, Service>;
const podSpec = (o: K8sObject): { containers: Container[] } =>
  ((o.body.spec as Yaml).template as Yaml).spec as { containers: Container[] };
const envOf = (c: Container): Record<string, string | Yaml | undefined> =>
  Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));

describe("docker-compose.yml", () => {
  it("is valid against the Compose Specification schema, which rejects a broken copy", () => {
    expect(composeErrors(readCompose())).toEqual([]);
    const broken = readCompose();
    (broken.services as Record<string, Yaml>)["esx-01"] = { image: "vdsim:0.1.0", depends_on: { "nats-1": { condition: "when_ready" } }, portz: [1] };
    expect(composeErrors(broken).join("\n")).toMatch(/portz|condition/);
  });

  it("runs three clustered NATS nodes, the management service with replicas 3 and three host agents named as their services", () => {
    const s = services();
    const nats = Object.keys(s).filter((n) => n.startsWith("nats-"));
    expect(nats).toEqual(["nats-1", "nats-2", "nats-3"]);
    expect(nats.map((n) => s[n]!.ports)).toEqual([["4222:4222"], ["4223:4222"], ["4224:4222"]]);
    const allNats = "nats://nats-1:4222,nats://nats-2:4222,nats://nats-3:4222";
    expect(s.management).toMatchObject({ command: ["management"], environment: { NATS_URL: allNats, VDSIM_REPLICAS: "3" } });
    for (const host of ["esx-01", "esx-02", "esx-03"]) {
      expect(s[host]).toMatchObject({ image: "vdsim:0.1.0", command: ["host-agent", host], environment: { NATS_URL: allNats } });
      expect(Object.keys(s[host]!.depends_on ?? {})).toEqual(nats);
    }
    const conf = readText("deploy", "nats", "cluster.conf");
    expect(conf).toMatch(/^\s*sync_interval: always$/m);
    for (const n of nats) expect(conf).toContain(`nats://${n}:6222`);
  });

  it("runs NATS accepting only vdsim's users, and every vdsim process as its own role's user, its seed a secret of its own", () => {
    const s = services();
    expect(readText("deploy", "nats", "cluster.conf")).toMatch(/^include "users\.conf"$/m);
    for (const n of ["nats-1", "nats-2", "nats-3"]) expect(s[n]!.volumes).toContain("./deploy/secrets/users.conf:/etc/nats/users.conf:ro");
    const own: Record<string, string> = { management: "management.nk", dashboard: "client.nk", "esx-01": "esx-01.nk", "esx-02": "esx-02.nk", "esx-03": "esx-03.nk" };
    expect(Object.keys(s).filter((n) => !n.startsWith("nats-")).sort()).toEqual(Object.keys(own).sort());
    for (const [service, secret] of Object.entries(own)) {
      expect(s[service]!.environment?.NATS_CREDS, service).toBe(`/run/secrets/${secret}`);
      expect(s[service]!.secrets, service).toContain(secret);
      // no process holds the admin's seed, nor another host's
      expect(s[service]!.secrets!.filter((x) => x === "admin.nk" || (x.startsWith("esx-") && x !== secret))).toEqual([]);
    }
    const files = readCompose().secrets as Record<string, { file: string }>;
    expect(files["esx-02.nk"]).toEqual({ file: "./deploy/secrets/hosts/esx-02.nk" });
    expect(files["management.nk"]).toEqual({ file: "./deploy/secrets/management.nk" });
  });
});

describe("deploy/k8s manifests", () => {
  const objects = readK8sObjects();

  it("are valid against the Kubernetes schemas, with no unknown fields", () => {
    expect(objects.map((o) => `${o.kind}/${o.name}`)).toEqual([
      "Namespace/vdsim",
      "ConfigMap/nats-config",
      "Service/nats",
      "StatefulSet/nats",
      "Deployment/management",
      "Service/esx",
      "StatefulSet/esx",
    ]);
    expect(objects.map(schemaErrors).filter((e) => e !== undefined)).toEqual([]);
    expect(unknownFieldErrors(objects)).toEqual([]);
  });

  it("the checks catch a wrong type and a misspelt field", () => {
    const sts = k8sObject(objects, "StatefulSet", "esx");
    const wrongType = structuredClone(sts.body);
    ((wrongType.spec as Yaml).replicas as unknown) = "three";
    expect(schemaErrors({ ...sts, body: wrongType })).toMatch(/replicas must be integer/);
    const misspelt = structuredClone(sts.body);
    podSpec({ ...sts, body: misspelt }).containers[0]!.args = undefined;
    (podSpec({ ...sts, body: misspelt }).containers[0] as unknown as Yaml).arguments = ["host-agent"];
    expect(unknownFieldErrors([{ ...sts, body: misspelt }]).join("\n")).toMatch(/arguments.*does not exist in type 'Container'/);
  });

  it("NATS is a StatefulSet of three clustered JetStream nodes; host agents a StatefulSet whose pod names give the host names", () => {
    const nats = k8sObject(objects, "StatefulSet", "nats");
    expect((nats.body.spec as Yaml).replicas).toBe(3);
    const conf = ((k8sObject(objects, "ConfigMap", "nats-config").body.data as Yaml)["nats.conf"] as string);
    expect(conf).toMatch(/sync_interval: always/);
    for (const i of [0, 1, 2]) expect(conf).toContain(`nats://nats-${i}.nats:6222`);

    const allNats = "nats://nats-0.nats:4222,nats://nats-1.nats:4222,nats://nats-2.nats:4222";
    const management = podSpec(k8sObject(objects, "Deployment", "management")).containers[0]!;
    expect(envOf(management)).toMatchObject({ NATS_URL: allNats, VDSIM_REPLICAS: "3" });
    expect(management.args).toEqual(["management"]);

    const esx = k8sObject(objects, "StatefulSet", "esx");
    expect((esx.body.spec as Yaml).serviceName).toBe("esx");
    const agent = podSpec(esx).containers[0]!;
    expect(agent.args).toEqual(["host-agent"]);
    expect(envOf(agent)).toMatchObject({ NATS_URL: allNats, VDSIM_POD_NAME: { fieldRef: { fieldPath: "metadata.name" } } });
  });

  it("NATS accepts only vdsim's users (users.conf from the nats-users secret); management and each host agent connect as their own", () => {
    const conf = (k8sObject(objects, "ConfigMap", "nats-config").body.data as Yaml)["nats.conf"] as string;
    expect(conf).toMatch(/^\s*include "\.\.\/nats-users\/users\.conf"$/m);
    const volumes = (o: K8sObject): Yaml[] => (((o.body.spec as Yaml).template as Yaml).spec as { volumes: Yaml[] }).volumes;
    expect(volumes(k8sObject(objects, "StatefulSet", "nats"))).toContainEqual({ name: "users", secret: { secretName: "nats-users", items: [{ key: "users.conf", path: "users.conf" }] } });

    const management = k8sObject(objects, "Deployment", "management");
    expect(envOf(podSpec(management).containers[0]!).NATS_CREDS).toBe("/etc/vdsim/creds/management.nk");
    expect(volumes(management)).toContainEqual({ name: "creds", secret: { secretName: "nats-users", items: [{ key: "management.nk", path: "management.nk" }, { key: "client.nk", path: "client.nk" }], defaultMode: 0o440 } });

    const esx = k8sObject(objects, "StatefulSet", "esx");
    expect(envOf(podSpec(esx).containers[0]!).VDSIM_HOST_CREDS_DIR).toBe("/etc/vdsim/hosts");
    expect(volumes(esx)).toContainEqual({ name: "creds", secret: { secretName: "nats-host-users", defaultMode: 0o440 } });
    // the entry point turns the pod's name into its host's seed: esx-0 -> esx-01.nk
    expect(readText("deploy", "docker-entrypoint.sh")).toContain(`then echo "$VDSIM_HOST_CREDS_DIR/$host.nk"`);
  });

  it("host agents run one host per pod unless VDSIM_HOSTS_PER_PROCESS makes racks, each host's snapshot in its own folder", () => {
    const agent = podSpec(k8sObject(objects, "StatefulSet", "esx")).containers[0]!;
    expect(envOf(agent)).toMatchObject({ VDSIM_HOSTS_PER_PROCESS: "1", VDSIM_HOSTS_DATA_ROOT: "/data" });
  });

  it("the entry point gives a host agent its host's user, and a rack's pod its rack's", () => {
    // the script up to where it starts the process, then what it chose
    const script = readText("deploy", "docker-entrypoint.sh");
    const choose = `${script.slice(0, script.indexOf('case "$1" in'))}\necho "$NATS_CREDS"\n`;
    const credsOf = (env: Record<string, string>, ...args: string[]): string =>
      execFileSync("sh", ["-c", choose, "entrypoint", "host-agent", ...args], { env: { PATH: process.env.PATH ?? "", VDSIM_HOST_CREDS_DIR: "/c", ...env }, encoding: "utf8" }).trim();
    expect(credsOf({ VDSIM_POD_NAME: "esx-0" })).toBe("/c/esx-01.nk");
    expect(credsOf({}, "esx-07")).toBe("/c/esx-07.nk");
    expect(credsOf({ VDSIM_POD_NAME: "esx-0", VDSIM_HOSTS_PER_PROCESS: "50" })).toBe("/c/rack-01.nk");
    expect(credsOf({ VDSIM_POD_NAME: "esx-11", VDSIM_HOSTS_PER_PROCESS: "50" })).toBe("/c/rack-12.nk");
  });
});

describe("the container image", () => {
  it("is built on a slim Node 20 base with the same pinned nats-server 2.10 that compose and Kubernetes run", () => {
    const dockerfile = readText("deploy", "Dockerfile");
    expect(dockerfile).toMatch(/^FROM node:20-[\w.-]*slim/m);
    const pinned = natsImages(dockerfile);
    expect(pinned).toHaveLength(1);
    expect(pinned[0]).toMatch(/^2\.10\.\d+-alpine$/);
    expect(dockerfile).toContain("COPY --from=nats /usr/local/bin/nats-server /usr/local/bin/nats-server");
    expect(new Set([...natsImages(readText("docker-compose.yml")), ...natsImages(readText("deploy", "k8s", "10-nats.yaml"))])).toEqual(new Set(pinned));
    const entry = readText("deploy", "docker-entrypoint.sh");
    for (const process of ["management", "host-agent", "vdsim"]) expect(entry).toMatch(new RegExp(`^\\s+${process}\\) shift; exec node `, "m"));
  });
});
