import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { readClusterRecord, resolveStateDir, type VsphereApiRecord } from "@vdsim/cluster";
import { isAlive } from "@vdsim/runtime";
import { UserError, type GlobalOptions } from "../context.js";

/** A value in single quotes for sh: the one character it cannot hold is written '\''. */
export const shellQuote = (v: string): string => `'${v.replaceAll("'", `'\\''`)}'`;

/**
 * The variables the vSphere tools read, naming this cluster's API: govc's GOVC_*, the VMWARE_*
 * of Ansible's community.vmware modules (and of the pyVmomi examples), with TLS checks off for
 * the self-signed certificate.
 */
export function vsphereEnvironment(api: VsphereApiRecord, password: string): Array<readonly [string, string]> {
  const url = new URL(api.url);
  return [
    ["GOVC_URL", api.url],
    ["GOVC_USERNAME", api.user],
    ["GOVC_PASSWORD", password],
    ["GOVC_INSECURE", "1"],
    ["VMWARE_HOST", url.hostname],
    ["VMWARE_PORT", url.port],
    ["VMWARE_USER", api.user],
    ["VMWARE_PASSWORD", password],
    ["VMWARE_VALIDATE_CERTS", "no"],
  ];
}

function runningApi(stateDir: string): VsphereApiRecord {
  const record = readClusterRecord(stateDir);
  if (!record) throw new UserError(`no running cluster found in ${stateDir}: run "vdsim up" first`);
  const api = record.vsphereApi;
  if (!api) throw new UserError(`the cluster in ${stateDir} was started without the vSphere API (--no-vsphere-api): "vdsim down", then "vdsim up"`);
  if (!isAlive(api.pid)) throw new UserError(`the vSphere API (pid ${api.pid}) is not running; its log is ${stateDir}/logs/vsphere-api.log`);
  return api;
}

function passwordOf(api: VsphereApiRecord): string {
  if (api.passwordFile === null) {
    const fromEnv = process.env.VDSIM_VSPHERE_PASSWORD;
    if (!fromEnv) throw new UserError("the vSphere API's password was given by VDSIM_VSPHERE_PASSWORD at up, and it is not set here");
    return fromEnv;
  }
  try {
    return readFileSync(api.passwordFile, "utf8").trim();
  } catch (err) {
    throw new UserError(`cannot read the vSphere API's password file ${api.passwordFile}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function registerVsphereCommands(program: Command): void {
  const vsphere = program.command("vsphere").description("the cluster's vSphere API (vim25 at https://127.0.0.1:PORT/sdk) for pyVmomi, govc, Ansible");
  vsphere
    .command("url")
    .description("print the vSphere API's URL")
    .action((_opts: unknown, cmd: Command) => {
      console.log(runningApi(resolveStateDir(cmd.optsWithGlobals<GlobalOptions>().stateDir)).url);
    });
  vsphere
    .command("env")
    .description('print sh exports naming the API for govc (GOVC_*), Ansible community.vmware and pyVmomi scripts (VMWARE_*): eval "$(vdsim vsphere env)"')
    .action((_opts: unknown, cmd: Command) => {
      const api = runningApi(resolveStateDir(cmd.optsWithGlobals<GlobalOptions>().stateDir));
      for (const [name, value] of vsphereEnvironment(api, passwordOf(api))) console.log(`export ${name}=${shellQuote(value)}`);
    });
}
