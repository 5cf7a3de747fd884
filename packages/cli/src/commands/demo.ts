import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { VdsimClient } from "@vdsim/client";
import { down, natsAccess, readClusterRecord } from "@vdsim/cluster";
import { stopProcess, waitFor } from "@vdsim/runtime";
import { parseIntArg } from "../parse.js";

const CLI = fileURLToPath(new URL("../main.js", import.meta.url));

/** A scripted tour: each step is a real `vdsim` invocation, printed before it runs. */
export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description("start a 3-host cluster in a temporary dir, show a port-group change propagate and a host recover, then stop")
    .option("--hosts <n>", "number of hosts", parseIntArg, 3)
    .option("--keep", "leave the cluster running at the end")
    .action(async (opts: { hosts: number; keep?: boolean }) => {
      const stateDir = mkdtempSync(join(tmpdir(), "vdsim-demo-"));
      const run = (...args: string[]): void => {
        console.log(`\n$ vdsim ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(" ")}`);
        const r = spawnSync(process.execPath, [CLI, "--state-dir", stateDir, ...args], { stdio: "inherit" });
        if (r.status !== 0) throw new Error(`demo step failed: vdsim ${args.join(" ")}`);
      };
      const say = (text: string): void => console.log(`\n# ${text}`);
      try {
        say(`A cluster of ${opts.hosts} simulated ESXi hosts, a management service and an embedded nats-server`);
        run("up", "--hosts", String(opts.hosts));
        const hosts = Object.keys(readClusterRecord(stateDir)?.hosts ?? {});
        say("A distributed switch, realized on every host as a proxy switch");
        run("vds", "create", "dvs-demo", "--uplinks", "2");
        for (const h of hosts) run("vds", "add-host", "dvs-demo", h, "--uplink", "vmnic1", "--wait");
        run("vds", "portgroup", "add", "dvs-demo", "web", "--vlan", "10", "--ports", "16");
        hosts.forEach((h, i) => run("vm", "create", `web-0${i + 1}`, "--host", h, "--network", "web"));
        say("Frames flow between VMs on different hosts, over the uplinks and the simulated physical network");
        if (hosts.length >= 2) run("ping", "web-01", "web-02", "-c", "2");
        run("vds", "portgroup", "add", "dvs-demo", "db", "--vlan", "30");
        run("vm", "create", "db-01", "--host", hosts[0] ?? "esx-01", "--network", "db");
        run("pingall");
        say("Each host answers the ESXi command surface");
        run("esxcli", "--server", hosts[0] ?? "esx-01", "network", "vswitch", "standard", "portgroup", "list");
        run("vicfg-vswitch", "--server", hosts[0] ?? "esx-01", "-l");
        if (hosts.length >= 2) {
          say("vMotion: enable it on a VMkernel interface of two hosts, then move web-01 while web-02 streams to it");
          hosts.slice(0, 2).forEach((h, i) => {
            run("vicfg-vmknic", "--server", h, "-a", "-i", `192.168.50.${i + 1}`, "-n", "255.255.255.0", "VM Network");
            run("vicfg-vmknic", "--server", h, "--enable-vmotion", "VM Network");
          });
          run("traffic", "start", "web-02", "web-01", "--pps", "500");
          run("vm", "migrate", "web-01", "--to", hosts[1] ?? "esx-02", "--wait");
          run("traffic", "stop");
          run("traffic", "stats");
        }
        say("Change the port group: every member host applies it; --wait reports how long each took");
        run("vds", "portgroup", "set", "dvs-demo", "web", "--vlan", "20", "--allow-promiscuous", "false", "--wait");
        const victim = hosts[1];
        if (victim) {
          const pid = readClusterRecord(stateDir)?.hosts[victim];
          say(`kill -9 the host agent of ${victim} (pid ${pid}), then change the port group while it is down`);
          if (pid) await stopProcess(pid, "SIGKILL");
          await waitNotResponding(stateDir, victim);
          run("vds", "portgroup", "set", "dvs-demo", "web", "--avg-bandwidth", "50000", "--peak-bandwidth", "100000", "--burst-size", "1024");
          run("status");
          say(`Restart ${victim}: it replays the log from the last sequence it applied and catches up`);
          run("host", "restart", victim);
        }
        say("The log, and a replay from sequence 1 compared with the live state of every process");
        run("events", "tail", "-n", "8");
        run("events", "replay", "--verify");
        if (opts.keep) console.log(`\nThe cluster keeps running: vdsim --state-dir ${stateDir} status; stop it with vdsim --state-dir ${stateDir} down`);
      } finally {
        if (!opts.keep) {
          console.log("\n$ vdsim down");
          const { stopped } = await down(stateDir);
          console.log(`stopped ${stopped.join(", ")}`);
          rmSync(stateDir, { recursive: true, force: true });
        }
      }
    });
}

async function waitNotResponding(stateDir: string, host: string): Promise<void> {
  const record = readClusterRecord(stateDir);
  if (!record) return;
  const client = await VdsimClient.connect(natsAccess(record));
  try {
    await waitFor(`${host} to be reported not responding`, async () => {
      const h = (await client.status()).hosts.find((s) => s.name === host);
      return h?.status === "notResponding" ? true : undefined;
    }, 15_000, 200);
  } finally {
    await client.close();
  }
}
