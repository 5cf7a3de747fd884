#!/usr/bin/env node
// The NATS users of a deployed vdsim (docker-compose.yml, deploy/k8s): one per role, each with
// the permissions nats-server enforces, the same users `vdsim up` makes for its embedded NATS.
//
//   node deploy/nats-users.mjs [--hosts N] [--hosts-per-process K] [DIR]
//                                                    (after `npm ci && npx tsc -b`; DIR: deploy/secrets)
//
// writes, each an nkey seed (mode 0600; kept when already there, so running it again with more
// hosts only adds users):
//   DIR/admin.nk, DIR/management.nk, DIR/client.nk   operators and nemeses; the management service;
//                                                    the CLI, the dashboard, any client
//   DIR/hosts/esx-01.nk .. esx-NN.nk                 each host agent's own (default N: 8); with K > 1,
//   DIR/hosts/rack-01.nk ..                          instead one per rack of K hosts (a process running
//                                                    esx-01..esx-K, the next esx-(K+1)..esx-2K, ...)
//   DIR/users.conf                                   the servers' `authorization { users = [...] }`,
//                                                    public keys only: cluster.conf includes it
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ADMIN, CLIENT, MANAGEMENT, authorizationConfig, hostRole, rackRole, writeRoleCredentials } from "@vdsim/runtime";

const { values, positionals } = parseArgs({
  options: { hosts: { type: "string", default: "8" }, "hosts-per-process": { type: "string", default: "1" } },
  allowPositionals: true,
});
const hosts = Number(values.hosts);
if (!Number.isInteger(hosts) || hosts < 0 || hosts > 2000) {
  console.error(`invalid --hosts ${values.hosts}: expected 0-2000`);
  process.exit(2);
}
const perProcess = Number(values["hosts-per-process"]);
if (!Number.isInteger(perProcess) || perProcess < 1 || perProcess > 500) {
  console.error(`invalid --hosts-per-process ${values["hosts-per-process"]}: expected 1-500`);
  process.exit(2);
}
const dir = resolve(positionals[0] ?? join(import.meta.dirname, "secrets"));
mkdirSync(dir, { recursive: true, mode: 0o700 });
const roles = writeRoleCredentials(dir, [ADMIN, MANAGEMENT, CLIENT]);
const names = Array.from({ length: hosts }, (_, i) => `esx-${String(i + 1).padStart(2, "0")}`);
const racks = [];
for (let i = 0; i < names.length; i += perProcess) racks.push(rackRole(`rack-${String(racks.length + 1).padStart(2, "0")}`, names.slice(i, i + perProcess)));
const agents = writeRoleCredentials(join(dir, "hosts"), perProcess === 1 ? names.map(hostRole) : racks);
writeFileSync(join(dir, "users.conf"), `# vdsim's NATS users (node deploy/nats-users.mjs): public keys and permissions, no secrets\n${authorizationConfig([...roles, ...agents])}`);
const who = perProcess === 1 ? `${hosts} host agents` : `${racks.length} racks of ${perProcess} hosts`;
console.log(`NATS users in ${dir}: admin, management, client and ${who} (users.conf for the servers)`);
