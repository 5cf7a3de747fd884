import { existsSync, readFileSync, rmSync } from "node:fs";
import { stateLayout, type NatsAccess, type VsphereApiRecord } from "./files.js";
import { natsEnv, spawnService, waitReady } from "./spawn.js";

/** The vSphere API's user: vCenter's default administrator. */
export const VSPHERE_USER = "administrator@vsphere.local";

/**
 * Starts the vSphere API service (services/vsphere-api) as the client role, on `port` of
 * 127.0.0.1 (0: a free one), its certificate and generated password in the state dir; resolves
 * once it listens, with where a vSphere client finds it.
 */
export async function startVsphereApi(
  stateDir: string,
  access: NatsAccess,
  options: { readonly port: number; readonly timeoutMs: number },
  onSpawn: (pid: number) => void = () => undefined,
): Promise<VsphereApiRecord> {
  const layout = stateLayout(stateDir);
  rmSync(layout.vsphereUrl, { force: true });
  const pid = spawnService(
    "vsphere-api",
    {
      ...natsEnv(access),
      VDSIM_VSPHERE_PORT: String(options.port),
      VDSIM_VSPHERE_HOST: "127.0.0.1",
      VDSIM_VSPHERE_URL_FILE: layout.vsphereUrl,
      VDSIM_VSPHERE_STATE_DIR: layout.vsphere,
      VDSIM_VSPHERE_USER: VSPHERE_USER,
    },
    layout.log("vsphere-api"),
  );
  onSpawn(pid);
  const url = await waitReady("vSphere API", pid, layout.log("vsphere-api"), options.timeoutMs, async () => readUrl(layout.vsphereUrl));
  return {
    pid,
    url,
    user: VSPHERE_USER,
    // VDSIM_VSPHERE_PASSWORD, when set, is the password instead of the generated one
    passwordFile: process.env.VDSIM_VSPHERE_PASSWORD ? null : layout.vspherePassword,
  };
}

function readUrl(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const url = readFileSync(file, "utf8").trim();
  return url === "" ? undefined : url;
}
