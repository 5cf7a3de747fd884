/**
 * A private OVN on this machine, for the scale benchmark's side-by-side: NB and SB ovsdb-servers
 * and ovn-northd on unix sockets in a temp dir, and N chassis, each its own ovsdb-server,
 * userspace ovs-vswitchd (datapath_type netdev: no kernel module) and ovn-controller, each in its
 * own network namespace when namespaces can be made here. Nothing listens on TCP, so it cannot
 * collide with other tests' ports; the packages' own services are never used.
 */
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { stopProcess } from "@vdsim/runtime";

const run = promisify(execFile);

const NB_SCHEMA = "/usr/share/ovn/ovn-nb.ovsschema";
const SB_SCHEMA = "/usr/share/ovn/ovn-sb.ovsschema";
const VSWITCH_SCHEMA = "/usr/share/openvswitch/vswitch.ovsschema";
const BINARIES = ["ovsdb-tool", "ovsdb-server", "ovs-vswitchd", "ovs-vsctl", "ovn-northd", "ovn-controller", "ovn-nbctl", "ip"] as const;

/** Why OVN cannot run here, or undefined when everything it needs is installed. */
export async function ovnMissing(): Promise<string | undefined> {
  const missing: string[] = [];
  for (const bin of BINARIES) {
    try {
      await run("sh", ["-c", `command -v ${bin}`]);
    } catch {
      missing.push(bin);
    }
  }
  for (const schema of [NB_SCHEMA, SB_SCHEMA, VSWITCH_SCHEMA]) if (!existsSync(schema)) missing.push(schema);
  if (missing.length === 0) return undefined;
  return `not installed: ${missing.join(", ")} (apt-get install ovn-central ovn-host openvswitch-switch)`;
}

export interface OvnProcess {
  readonly name: string;
  /** "central" (NB, SB, northd) or the chassis' name */
  readonly group: string;
  readonly pid: number;
}

export interface OvnCluster {
  readonly dir: string;
  readonly chassis: readonly string[];
  /** null when every chassis runs in its own network namespace; else why they do not */
  readonly noNamespaces: string | null;
  readonly processes: readonly OvnProcess[];
  /** runs ovn-nbctl against this cluster's NB database; resolves with its stdout */
  nbctl(args: readonly string[], timeoutS?: number): Promise<string>;
  stop(): Promise<void>;
}

export interface OvnClusterOptions {
  readonly chassis: number;
  readonly log?: (message: string) => void;
  /** how long the whole start may take before it fails (default 10 min) */
  readonly timeoutMs?: number;
}

/** Starts a private OVN with `chassis` chassis; on failure everything started is stopped before the error is thrown. */
export async function startOvnCluster(options: OvnClusterOptions, register: (stop: () => Promise<void>) => void): Promise<OvnCluster> {
  const log = options.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), "vdsim-bench-ovn-"));
  const tag = `vdsimovn${process.pid}`;
  const children: ChildProcess[] = [];
  const processes: OvnProcess[] = [];
  const namespaces: string[] = [];
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      // chassis first (their ovn-controllers would otherwise log reconnects to a gone SB), newest first
      const pids = [...processes].reverse().map((p) => p.pid);
      for (let i = 0; i < pids.length; i += 32) await Promise.all(pids.slice(i, i + 32).map((pid) => stopProcess(pid, "SIGTERM", 3_000).catch(() => undefined)));
      if (namespaces.length > 0) {
        writeFileSync(join(dir, "netns-del.batch"), namespaces.map((ns) => `netns del ${ns}\n`).join(""));
        await run("ip", ["-force", "-batch", join(dir, "netns-del.batch")]).catch(() => undefined);
      }
      rmSync(dir, { recursive: true, force: true });
    })());
  register(stop);

  const daemon = (group: string, name: string, command: string, args: readonly string[], ns?: string, env?: NodeJS.ProcessEnv): void => {
    const argv = ns === undefined ? [command, ...args] : ["ip", "netns", "exec", ns, command, ...args];
    // `ip netns exec` execs the command in place, so the pid is the daemon's own
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ["ignore", "ignore", "ignore"], env: { ...process.env, ...env } });
    child.on("error", (err) => log(`OVN: ${group} ${name}: ${err.message}`));
    if (child.pid === undefined) throw new Error(`OVN: could not start ${group}'s ${name} (${command})`);
    children.push(child);
    processes.push({ name, group, pid: child.pid });
  };
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  const waitForFile = async (path: string, what: string): Promise<void> => {
    while (!existsSync(path)) {
      if (Date.now() > deadline) throw new Error(`OVN: ${what} did not create ${path} in time`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const leftS = (): number => Math.max(5, Math.round((deadline - Date.now()) / 1000));

  try {
    const nbSock = join(dir, "nb.sock");
    const sbSock = join(dir, "sb.sock");
    await run("ovsdb-tool", ["create", join(dir, "nb.db"), NB_SCHEMA]);
    await run("ovsdb-tool", ["create", join(dir, "sb.db"), SB_SCHEMA]);
    for (const db of ["nb", "sb"]) {
      daemon("central", `ovsdb-server (${db.toUpperCase()})`, "ovsdb-server", [
        join(dir, `${db}.db`),
        `--remote=punix:${join(dir, `${db}.sock`)}`,
        `--unixctl=${join(dir, `${db}.ctl`)}`,
        `--log-file=${join(dir, `${db}.log`)}`,
        "--no-chdir",
      ]);
    }
    await waitForFile(nbSock, "the NB ovsdb-server");
    await waitForFile(sbSock, "the SB ovsdb-server");
    daemon("central", "ovn-northd", "ovn-northd", [`--ovnnb-db=unix:${nbSock}`, `--ovnsb-db=unix:${sbSock}`, `--unixctl=${join(dir, "northd.ctl")}`, `--log-file=${join(dir, "northd.log")}`, "--no-chdir"]);

    const names = Array.from({ length: options.chassis }, (_, i) => `hv${i + 1}`);
    // one `ip -batch` makes every namespace (lo up, an encap address of its own on lo)
    let noNamespaces: string | null = null;
    const encap = (i: number): string => address(77, i);
    writeFileSync(join(dir, "netns-add.batch"), names.map((n) => `netns add ${tag}-${n}\n`).join(""));
    try {
      namespaces.push(...names.map((n) => `${tag}-${n}`));
      await run("ip", ["-batch", join(dir, "netns-add.batch")]);
      for (let i = 0; i < names.length; i += 16) {
        await Promise.all(
          names.slice(i, i + 16).map(async (n, k) => {
            await run("ip", ["-n", `${tag}-${n}`, "link", "set", "lo", "up"]);
            await run("ip", ["-n", `${tag}-${n}`, "addr", "add", `${encap(i + k)}/32`, "dev", "lo"]);
          }),
        );
      }
    } catch (err) {
      noNamespaces = `ip netns failed here (${err instanceof Error ? err.message.split("\n")[0] : String(err)}): chassis share the host's network namespace`;
      writeFileSync(join(dir, "netns-del.batch"), namespaces.map((ns) => `netns del ${ns}\n`).join(""));
      await run("ip", ["-force", "-batch", join(dir, "netns-del.batch")]).catch(() => undefined);
      namespaces.length = 0;
      log(`OVN: ${noNamespaces}`);
    }

    const startChassis = async (name: string, i: number): Promise<void> => {
      const hv = join(dir, name);
      mkdirSync(hv);
      const ns = noNamespaces === null ? `${tag}-${name}` : undefined;
      const db = join(hv, "db.sock");
      const vsctl = (args: readonly string[]): Promise<unknown> => run("ovs-vsctl", [`--db=unix:${db}`, `--timeout=${leftS()}`, ...args]);
      // bridge mgmt sockets and control sockets land in the chassis' own dir, not /var/run
      const env = { OVS_RUNDIR: hv, OVN_RUNDIR: hv, OVS_LOGDIR: hv, OVN_LOGDIR: hv, OVS_DBDIR: hv };
      await run("ovsdb-tool", ["create", join(hv, "conf.db"), VSWITCH_SCHEMA]);
      daemon(name, "ovsdb-server", "ovsdb-server", [join(hv, "conf.db"), `--remote=punix:${db}`, `--unixctl=${join(hv, "db.ctl")}`, `--log-file=${join(hv, "db.log")}`, "--no-chdir"], ns, env);
      await waitForFile(db, `${name}'s ovsdb-server`);
      const encapIp = noNamespaces === null ? encap(i) : "127.0.0.1";
      await vsctl([
        "--no-wait", "--", "init", "--", "set", "open_vswitch", ".",
        `external_ids:system-id=${name}`,
        `external_ids:ovn-remote=unix:${sbSock}`,
        "external_ids:ovn-encap-type=geneve",
        `external_ids:ovn-encap-ip=${encapIp}`,
        "external_ids:ovn-bridge-datapath-type=netdev",
      ]);
      daemon(name, "ovs-vswitchd", "ovs-vswitchd", [`unix:${db}`, `--unixctl=${join(hv, "vswitchd.ctl")}`, `--log-file=${join(hv, "vswitchd.log")}`, "--no-chdir"], ns, env);
      daemon(name, "ovn-controller", "ovn-controller", [`unix:${db}`, `--log-file=${join(hv, "controller.log")}`, "--no-chdir"], ns, env);
      // ovn-controller makes br-int (netdev); then this chassis' VIF, bound to its logical port
      await vsctl(["wait-until", "Bridge", "br-int"]);
      await vsctl(["--", "add-port", "br-int", `vif-${name}`, "--", "set", "Interface", `vif-${name}`, "type=internal", `external_ids:iface-id=lsp-${name}`]);
    };

    const nbctl = async (args: readonly string[], timeoutS = leftS()): Promise<string> => {
      const { stdout } = await run("ovn-nbctl", [`--db=unix:${nbSock}`, `--timeout=${timeoutS}`, ...args], { maxBuffer: 64 << 20 });
      return stdout;
    };
    // the logical switch, a port per chassis, and a port group of them all (with one ACL, the setting the benchmark changes)
    const cmds: string[] = ["ls-add", "ls-bench"];
    for (const [i, n] of names.entries()) cmds.push("--", "lsp-add", "ls-bench", `lsp-${n}`, "--", "lsp-set-addresses", `lsp-${n}`, `${mac(i)} ${address(200, i)}`);
    await nbctl(cmds);
    await nbctl(["pg-add", "pg_bench", ...names.map((n) => `lsp-${n}`)]);
    await nbctl(["acl-add", "pg_bench", "to-lport", "1000", "outport == @pg_bench && udp.dst == 1", "allow"]);

    const parallel = 8;
    for (let i = 0; i < names.length; i += parallel) {
      await Promise.all(names.slice(i, i + parallel).map((n, k) => startChassis(n, i + k)));
      if ((i + parallel) % 64 === 0) log(`OVN: ${Math.min(names.length, i + parallel)} of ${names.length} chassis started`);
    }
    // every port bound and up, and every chassis caught up with NB
    for (;;) {
      const up = (await nbctl(["--bare", "--columns=up", "list", "Logical_Switch_Port"])).split("\n").filter((l) => l.trim() === "true").length;
      if (up === names.length) break;
      if (Date.now() > deadline) throw new Error(`OVN: only ${up} of ${names.length} logical ports came up in time`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await nbctl(["--wait=hv", "sync"]);
    return { dir, chassis: names, noNamespaces, processes, nbctl, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** the i-th address of 10.<second>.0.0/16 and on, never a .0 or .255 host part */
function address(second: number, i: number): string {
  return `10.${second + Math.floor(i / 64_000)}.${Math.floor(i / 250) % 256}.${(i % 250) + 1}`;
}

function mac(i: number): string {
  return `0a:00:00:${((i >> 16) & 255).toString(16).padStart(2, "0")}:${((i >> 8) & 255).toString(16).padStart(2, "0")}:${(i & 255).toString(16).padStart(2, "0")}`;
}
