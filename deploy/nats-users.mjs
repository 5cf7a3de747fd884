#!/usr/bin/env node
// The NATS users of a deployed vdsim (docker-compose.yml, deploy/k8s): one per role, each with
// the permissions nats-server enforces, the same users `vdsim up` makes for its embedded NATS.
//
//   node deploy/nats-users.mjs [--hosts N] [DIR]      (after `npm ci && npx tsc -b`; DIR: deploy/secrets)
//
// writes, each an nkey seed (mode 0600; kept when already there, so running it again with more
// hosts only adds users):
//   DIR/admin.nk, DIR/management.nk, DIR/client.nk   operators and nemeses; the management service;
//                                                    the CLI, the dashboard, any client
//   DIR/hosts/esx-01.nk .. esx-NN.nk                 each host agent's own (default N: 8)
//   DIR/users.conf                                   the servers' `authorization { users = [...] }`,
//                                                    public keys only: cluster.conf includes it
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ADMIN, CLIENT, MANAGEMENT, authorizationConfig, hostRole, writeRoleCredentials } from "@vdsim/runtime";

const { values, positionals } = parseArgs({ options: { hosts: { type: "string", default: "8" } }, allowPositionals: true });
const hosts = Number(values.hosts);
if (!Number.isInteger(hosts) || hosts < 0 || hosts > 99) {
  console.error(`invalid --hosts ${values.hosts}: expected 0-99`);
  process.exit(2);
}
const dir = resolve(positionals[0] ?? join(import.meta.dirname, "secrets"));
mkdirSync(dir, { recursive: true, mode: 0o700 });
const roles = writeRoleCredentials(dir, [ADMIN, MANAGEMENT, CLIENT]);
const names = Array.from({ length: hosts }, (_, i) => `esx-${String(i + 1).padStart(2, "0")}`);
const agents = writeRoleCredentials(join(dir, "hosts"), names.map(hostRole));
writeFileSync(join(dir, "users.conf"), `# vdsim's NATS users (node deploy/nats-users.mjs): public keys and permissions, no secrets\n${authorizationConfig([...roles, ...agents])}`);
console.log(`NATS users in ${dir}: admin, management, client and ${hosts} host agents (users.conf for the servers)`);
