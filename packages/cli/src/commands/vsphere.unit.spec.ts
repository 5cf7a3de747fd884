import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { shellQuote, vsphereEnvironment } from "./vsphere.js";

describe("vdsim vsphere env", () => {
  const api = { pid: 1, url: "https://127.0.0.1:40123/sdk", user: "administrator@vsphere.local", passwordFile: "/x" };

  it("names the API for govc (GOVC_*) and Ansible / pyVmomi (VMWARE_*), TLS checks off for the self-signed certificate", () => {
    expect(Object.fromEntries(vsphereEnvironment(api, "pw"))).toEqual({
      GOVC_URL: "https://127.0.0.1:40123/sdk",
      GOVC_USERNAME: "administrator@vsphere.local",
      GOVC_PASSWORD: "pw",
      GOVC_INSECURE: "1",
      VMWARE_HOST: "127.0.0.1",
      VMWARE_PORT: "40123",
      VMWARE_USER: "administrator@vsphere.local",
      VMWARE_PASSWORD: "pw",
      VMWARE_VALIDATE_CERTS: "no",
    });
  });

  it("quotes each value so that sh reads it back unchanged, quotes and dollars included", () => {
    for (const v of ["plain", "it's", "$HOME `id` \"x\"", "a'b'c", ""]) {
      const out = spawnSync("sh", ["-c", `V=${shellQuote(v)}; printf %s "$V"`], { encoding: "utf8" });
      expect(out.stdout).toBe(v);
    }
  });
});
