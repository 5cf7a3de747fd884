import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { natsServerBinary, supportsSyncAlways } from "@vdsim/runtime";
import { ROOT, k8sObject, readK8sObjects, readText, type Yaml } from "./support/deploy-files.js";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "vdsim-nats-conf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The NATS users `node deploy/nats-users.mjs` writes, as a deployment would make them. */
const secrets = join(dir, "secrets");
async function makeUsers(): Promise<string> {
  const { stdout } = await run(process.execPath, [join(ROOT, "deploy", "nats-users.mjs"), "--hosts", "3", secrets]);
  return stdout;
}

/**
 * `nats-server -t`: parses the config as the server would (its includes too), and exits. The
 * config is written to `path` under the temp dir, users.conf to `usersAt` (where it is mounted).
 */
async function natsServerAccepts(path: string, conf: string, usersAt: string): Promise<string> {
  // sync_interval exists from 2.10 (the containers' server); an older local binary is given the rest
  const text = supportsSyncAlways() ? conf : conf.replace(/^\s*sync_interval:.*$/m, "");
  const file = join(dir, path);
  mkdirSync(join(file, ".."), { recursive: true });
  mkdirSync(join(dir, usersAt, ".."), { recursive: true });
  writeFileSync(join(dir, usersAt), readFileSync(join(secrets, "users.conf")));
  writeFileSync(file, text);
  const { stdout, stderr } = await run(natsServerBinary(), ["-c", file, "-t"], { env: { ...process.env, SERVER_NAME: "nats-1" } });
  return stdout + stderr;
}

describe(`the NATS cluster configs are accepted by nats-server ${supportsSyncAlways() ? "" : "(2.9 here: checked without sync_interval) "}`, () => {
  it("deploy/nats-users.mjs writes a seed per role and per host, and the servers' users.conf", async () => {
    expect(await makeUsers()).toContain("admin, management, client and 3 host agents");
    const users = readFileSync(join(secrets, "users.conf"), "utf8");
    expect(users.match(/\{ nkey: "U[A-Z2-7]{55}"/g)).toHaveLength(6);
    expect(users).toContain(`"vdsim.evt.host.esx-03.>"`);
    for (const f of ["admin.nk", "management.nk", "client.nk", "hosts/esx-01.nk", "hosts/esx-03.nk"]) {
      expect(readFileSync(join(secrets, f), "utf8")).toMatch(/^SU[A-Z2-7]{56}$/m);
    }
  });

  it("deploy/nats-users.mjs --hosts-per-process writes a user per rack with its hosts' permissions, which the servers accept", async () => {
    const racks = join(dir, "racks");
    const { stdout } = await run(process.execPath, [join(ROOT, "deploy", "nats-users.mjs"), "--hosts", "5", "--hosts-per-process", "2", racks]);
    expect(stdout).toContain("admin, management, client and 3 racks of 2 hosts");
    const users = readFileSync(join(racks, "users.conf"), "utf8");
    expect(users).toMatch(/# rack-03\n.*"vdsim\.evt\.host\.esx-05\.>"/);
    expect(users).not.toMatch(/# rack-03\n.*"vdsim\.evt\.host\.esx-04\.>"/);
    for (const f of ["hosts/rack-01.nk", "hosts/rack-03.nk"]) expect(readFileSync(join(racks, f), "utf8")).toMatch(/^SU[A-Z2-7]{56}$/m);
    const conf = join(dir, "racks.conf");
    writeFileSync(conf, `port: -1\ninclude "racks/users.conf"\n`);
    const { stdout: out, stderr } = await run(natsServerBinary(), ["-c", conf, "-t"]);
    expect(out + stderr).toMatch(/is valid/);
    const bad = await run(process.execPath, [join(ROOT, "deploy", "nats-users.mjs"), "--hosts-per-process", "0", racks]).catch((e: { stderr: string; code: number }) => e);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining("invalid --hosts-per-process 0: expected 1-500") });
  });

  it("deploy/nats/cluster.conf (docker compose), users.conf beside it", async () => {
    expect(await natsServerAccepts("compose/cluster.conf", readText("deploy", "nats", "cluster.conf"), "compose/users.conf")).toMatch(/is valid/);
  });

  it("the nats-config ConfigMap (Kubernetes), users.conf where the nats-users secret is mounted", async () => {
    const data = k8sObject(readK8sObjects(), "ConfigMap", "nats-config").body.data as Yaml;
    expect(await natsServerAccepts("etc/nats/nats.conf", data["nats.conf"] as string, "etc/nats-users/users.conf")).toMatch(/is valid/);
  });

  it("a config that includes no users.conf is refused: the include is real", async () => {
    const conf = readText("deploy", "nats", "cluster.conf");
    writeFileSync(join(dir, "alone.conf"), supportsSyncAlways() ? conf : conf.replace(/^\s*sync_interval:.*$/m, ""));
    await expect(run(natsServerBinary(), ["-c", join(dir, "alone.conf"), "-t"], { env: { ...process.env, SERVER_NAME: "nats-1" } })).rejects.toThrow(/users\.conf/);
  });
});
