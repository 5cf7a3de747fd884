export { VsphereApiService } from "./service.js";
export { VimApi } from "./api/vim-api.js";
export { ensureCertificate, CERT_FILE, KEY_FILE } from "./certificate.js";
export { startSdkServer } from "./http-server.js";
export { writeUrlFile } from "./url-file.js";
export { parseSoapRequest, serializeFault, serializeResponse } from "./soap/envelope.js";
export { VimFault, isVimFault } from "./soap/faults.js";

export type { VsphereApiOptions } from "./service.js";
export type { VimApiOptions } from "./api/vim-api.js";
export type { CertificateFiles } from "./certificate.js";
export type { SdkServer, SoapHandler, SoapReply } from "./http-server.js";
export type { ParsedRequest, SoapRequest } from "./soap/envelope.js";
export type { MoRef, VimValue } from "./soap/values.js";
