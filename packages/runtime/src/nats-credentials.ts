import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { credsAuthenticator, nkeyAuthenticator, nkeys, type Authenticator } from "@nats-io/transport-node";
import { roleName, type NatsRole, type NatsUser } from "./nats-roles.js";

/** One role's credentials on disk: an nkey seed file (`<role>.nk`, mode 0600) that nats.js, nats.go and the `nats` CLI read. */
export interface RoleCredentials extends NatsUser {
  readonly file: string;
}

const ROLE_COMMENT = /^# vdsim NATS user: (\S+)$/m;
const USER_SEED = /^SU[A-Z2-7]{56}$/m;
const JWT_CREDS = "-----BEGIN NATS USER JWT-----";

/**
 * Writes an nkey seed file per role under `dir` (kept when it is already there, so a cluster
 * started again from the same state dir keeps its users); returns each role's file and public key.
 */
export function writeRoleCredentials(dir: string, roles: readonly NatsRole[]): RoleCredentials[] {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return roles.map((role) => {
    const name = roleName(role);
    const file = join(dir, `${name}.nk`);
    const kept = existsSync(file) ? USER_SEED.exec(readFileSync(file, "utf8"))?.[0] : undefined;
    const seed = kept ?? new TextDecoder().decode(nkeys.createUser().getSeed());
    if (kept === undefined) {
      writeFileSync(file, `# vdsim NATS user: ${name}\n# an nkey seed: whoever holds it connects as ${name}\n${seed}\n`, { mode: 0o600 });
    }
    chmodSync(file, 0o600);
    return { role, file, nkey: nkeys.fromSeed(new TextEncoder().encode(seed)).getPublicKey() };
  });
}

/** How a credentials file authenticates, and the role it names (for messages). */
export interface ReadCredentials {
  readonly authenticator: Authenticator;
  readonly role: string;
}

/**
 * Reads a credentials file by its content: a `.creds` file (user JWT and seed) or an nkey seed
 * file. The role is the one its `# vdsim NATS user:` line names, else the file's name without extension.
 */
export function readCredentials(file: string): ReadCredentials {
  const text = readFileSync(file, "utf8");
  const role = ROLE_COMMENT.exec(text)?.[1] ?? basename(file).replace(/\.(nk|creds|seed)$/, "");
  if (text.includes(JWT_CREDS)) return { authenticator: credsAuthenticator(new TextEncoder().encode(text)), role };
  const seed = USER_SEED.exec(text)?.[0];
  if (seed === undefined) throw new Error(`${file} holds neither NATS user credentials (.creds) nor an nkey user seed (SU...)`);
  return { authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)), role };
}
