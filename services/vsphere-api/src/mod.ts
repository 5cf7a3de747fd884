export { parseSoapRequest, serializeFault, serializeResponse } from "./soap/envelope.js";
export { VimFault, isVimFault } from "./soap/faults.js";

export type { ParsedRequest, SoapRequest } from "./soap/envelope.js";
export type { MoRef, VimValue } from "./soap/values.js";
