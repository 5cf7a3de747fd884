import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generate } from "selfsigned";

export interface CertificateFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

export const CERT_FILE = "vsphere-api.crt";
export const KEY_FILE = "vsphere-api.key";

/**
 * The service's self-signed TLS certificate in `dir` (vsphere-api.crt, vsphere-api.key), made the first
 * time and kept after: a client that pinned its thumbprint keeps trusting a restarted service.
 * The key is written with mode 0600.
 */
export async function ensureCertificate(dir: string): Promise<CertificateFiles> {
  const certFile = join(dir, CERT_FILE);
  const keyFile = join(dir, KEY_FILE);
  if (existsSync(certFile) && existsSync(keyFile)) return { certFile, keyFile };
  mkdirSync(dir, { recursive: true });
  const notBeforeDate = new Date();
  const notAfterDate = new Date(notBeforeDate.getTime() + 10 * 365 * 24 * 3600 * 1000);
  const pems = await generate([{ name: "commonName", value: "127.0.0.1" }, { name: "organizationName", value: "vdsim" }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }, { type: 2, value: "localhost" }] },
    ],
  });
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  writeFileSync(certFile, pems.cert);
  return { certFile, keyFile };
}
