import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@vdsim/runtime";
import { ensureCertificate } from "./certificate.js";
import { startSdkServer, type SdkServer } from "./http-server.js";
import { httpsRequest } from "./https.spec-support.js";

describe("the vSphere API's HTTPS server", () => {
  let dir: string;
  let sdk: SdkServer;
  const seen: Array<{ body: string; cookie: string | undefined }> = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "vsphere-api-"));
    const files = await ensureCertificate(dir);
    sdk = await startSdkServer(
      async (body, { cookie }) => {
        seen.push({ body, cookie });
        return { status: 200, body: "<ok/>", setCookie: 'vmware_soap_session="abc"; Path=/; HttpOnly; Secure' };
      },
      { port: 0, ...files },
      createLogger("vsphere-api-test"),
    );
  });

  afterAll(async () => {
    await sdk?.[Symbol.asyncDispose]();
    rmSync(dir, { recursive: true, force: true });
  });

  it("makes a certificate once, its key readable by its owner only", async () => {
    const files = await ensureCertificate(dir);
    expect(statSync(files.keyFile).mode & 0o777).toBe(0o600);
    const cert = readFileSync(files.certFile, "utf8");
    expect(cert).toContain("BEGIN CERTIFICATE");
    expect(readFileSync((await ensureCertificate(dir)).certFile, "utf8")).toBe(cert);
  });

  it("listens on 127.0.0.1 and a free port, and names its /sdk URL", () => {
    expect(sdk.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/sdk$/);
  });

  it("hands POST /sdk's body and cookie to the SOAP handler and sets the cookie it answers with", async () => {
    const reply = await httpsRequest(sdk.url, { method: "POST", body: "<x/>", headers: { cookie: "vmware_soap_session=abc" } });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe("<ok/>");
    expect(reply.headers["set-cookie"]).toEqual(['vmware_soap_session="abc"; Path=/; HttpOnly; Secure']);
    expect(seen.at(-1)).toEqual({ body: "<x/>", cookie: "vmware_soap_session=abc" });
  });

  it("serves vimServiceVersions.xml with vim25 6.7 and its prior versions", async () => {
    const reply = await httpsRequest(`${sdk.url}/vimServiceVersions.xml`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatch(/<namespaces version="1.0"><namespace><name>urn:vim25<\/name><version>6.7<\/version><priorVersions><version>6.5<\/version>/);
  });

  it("answers 404 for any other path and 405 for GET /sdk", async () => {
    expect((await httpsRequest(sdk.url.replace("/sdk", "/ui"))).status).toBe(404);
    expect((await httpsRequest(`${sdk.url}/vimService.wsdl`)).status).toBe(404);
    expect((await httpsRequest(sdk.url)).status).toBe(405);
  });
});
