import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readCredentials, writeRoleCredentials } from "./nats-credentials.js";
import { ADMIN, CLIENT, authorizationConfig, hostRole, rolePermissions } from "./nats-roles.js";

const dir = mkdtempSync(join(tmpdir(), "vdsim-creds-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("role credentials on disk", () => {
  it("are an nkey seed per role, mode 0600, named for the role, and kept when written again", () => {
    const [admin, host] = writeRoleCredentials(dir, [ADMIN, hostRole("esx-01")]);
    expect(admin!.file).toBe(join(dir, "admin.nk"));
    expect(host!.file).toBe(join(dir, "esx-01.nk"));
    expect(statSync(host!.file).mode & 0o777).toBe(0o600);
    expect(host!.nkey).toMatch(/^U[A-Z2-7]{55}$/);
    const again = writeRoleCredentials(dir, [hostRole("esx-01"), CLIENT]);
    expect(again[0]!.nkey).toBe(host!.nkey);
    expect(again[1]!.nkey).not.toBe(host!.nkey);
  });

  it("are read by content: an nkey seed file names its role in its comment, else by its file name", () => {
    expect(readCredentials(join(dir, "esx-01.nk")).role).toBe("esx-01");
    const renamed = join(dir, "operator-seed.txt");
    writeFileSync(renamed, readFileSync(join(dir, "admin.nk"), "utf8").replace(/^#.*\n/gm, ""));
    expect(readCredentials(renamed).role).toBe("operator-seed.txt");
    const bare = join(dir, "ops.nk");
    writeFileSync(bare, readFileSync(renamed));
    expect(readCredentials(bare).role).toBe("ops");
  });

  it("refuse a file that holds neither a .creds JWT nor a user seed", () => {
    const junk = join(dir, "junk.nk");
    writeFileSync(junk, "not a key\n");
    expect(() => readCredentials(junk)).toThrow(/neither NATS user credentials \(\.creds\) nor an nkey user seed/);
  });
});

describe("the servers' authorization block", () => {
  it("lists every user by public key, admin without permissions, the others with their role's", () => {
    const users = writeRoleCredentials(dir, [ADMIN, CLIENT, hostRole("esx-01")]);
    const conf = authorizationConfig(users);
    expect(conf).toContain(`{ nkey: "${users[0]!.nkey}" }`);
    expect(conf).toContain(`"vdsim.evt.host.esx-01.>"`);
    expect(conf.match(/allow_responses: true/g)).toHaveLength(1);
    expect(rolePermissions(CLIENT)!.publish.allow.filter((s) => s.startsWith("vdsim.evt."))).toEqual([]);
  });

  it("refuses a host name that cannot be a subject token or is a role's name", () => {
    expect(() => hostRole("esx 01")).toThrow(/cannot name a NATS user/);
    expect(() => hostRole("admin")).toThrow(/cannot name a NATS user/);
  });
});
