import { invalidRequest, type VimFault } from "./faults.js";
import { XmlSyntaxError, buildXml, child, parseXml, type XmlElement, type XmlOut } from "./xml-tree.js";
import { arrayTypeName, type MoRef, type VimValue } from "./values.js";

export const SOAPENV_NS = "http://schemas.xmlsoap.org/soap/envelope/";
export const VIM25_NS = "urn:vim25";

/** A method call read from a SOAP envelope: the method, the object it is called on and its arguments by name. */
export interface SoapRequest {
  readonly method: string;
  readonly this: MoRef;
  /** each argument element by name, repeated ones in order */
  readonly args: ReadonlyMap<string, readonly XmlElement[]>;
}

export type ParsedRequest = { readonly ok: true; readonly request: SoapRequest } | { readonly ok: false; readonly fault: VimFault };

/** Reads a SOAP 1.1 request; anything that is not one is an InvalidRequest fault, never a throw. */
export function parseSoapRequest(xml: string): ParsedRequest {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (err) {
    const reason = err instanceof XmlSyntaxError ? err.message : String(err);
    return { ok: false, fault: invalidRequest(`The request is not well-formed XML: ${reason}`) };
  }
  if (root.name !== "Envelope") return { ok: false, fault: invalidRequest(`The request is not a SOAP envelope: its root element is <${root.qname}>`) };
  const body = child(root, "Body");
  if (!body) return { ok: false, fault: invalidRequest("The SOAP envelope has no Body") };
  const call = body.children[0];
  if (!call) return { ok: false, fault: invalidRequest("The SOAP Body names no method") };
  const self = child(call, "_this");
  const type = self?.attrs["type"];
  if (!self || !type || self.text.trim() === "") return { ok: false, fault: invalidRequest(`${call.name} has no _this naming the object it is called on`) };
  const args = new Map<string, XmlElement[]>();
  for (const arg of call.children) {
    if (arg === self) continue;
    const list = args.get(arg.name);
    if (list) list.push(arg);
    else args.set(arg.name, [arg]);
  }
  return { ok: true, request: { method: call.name, this: { type, value: self.text.trim() }, args } };
}

const XSI_TYPE = "xsi:type";

/** A value at a place whose type the schema leaves open (a property's val): its xsi:type is written. */
export function typedValue(tag: string, v: VimValue): XmlOut {
  switch (v.kind) {
    case "primitive":
      return { tag, attrs: { [XSI_TYPE]: `xsd:${v.xsd}` }, text: v.value };
    case "enum":
      return { tag, attrs: { [XSI_TYPE]: v.type }, text: v.value };
    case "mor":
      return { tag, attrs: { type: v.ref.type, [XSI_TYPE]: "ManagedObjectReference" }, text: v.ref.value };
    case "data":
      return dataValue(tag, v);
    case "any":
      return typedValue(tag, v.value);
    case "array":
      return { tag, attrs: { [XSI_TYPE]: arrayTypeName(v.itemType) }, children: v.items.map((item) => plainValue(v.itemType, item)) };
  }
}

/** A value at a place whose type the schema fixes: only data objects (which may be subtypes) carry xsi:type. */
export function plainValue(tag: string, v: VimValue): XmlOut {
  switch (v.kind) {
    case "primitive":
    case "enum":
      return { tag, text: v.value };
    case "mor":
      return { tag, attrs: { type: v.ref.type }, text: v.ref.value };
    case "data":
      return dataValue(tag, v);
    case "any":
      return typedValue(tag, v.value);
    case "array":
      // an array nested in a data object: its items repeat the property's element
      return { tag, children: v.items.map((item) => plainValue(v.itemType, item)) };
  }
}

function dataValue(tag: string, v: Extract<VimValue, { kind: "data" }>): XmlOut {
  return { tag, attrs: { [XSI_TYPE]: v.type }, children: dataChildren(v) };
}

function dataChildren(v: Extract<VimValue, { kind: "data" }>): XmlOut[] {
  const out: XmlOut[] = [];
  for (const [name, prop] of Object.entries(v.props)) {
    if (prop === undefined) continue;
    if (prop.kind === "array") for (const item of prop.items) out.push(plainValue(name, item));
    else out.push(plainValue(name, prop));
  }
  return out;
}

function envelope(content: XmlOut): string {
  return buildXml({
    tag: "soapenv:Envelope",
    attrs: {
      "xmlns:soapenc": "http://schemas.xmlsoap.org/soap/encoding/",
      "xmlns:soapenv": SOAPENV_NS,
      "xmlns:xsd": "http://www.w3.org/2001/XMLSchema",
      "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
    },
    children: [{ tag: "soapenv:Body", children: [content] }],
  });
}

/** A method's response; an array result is one returnval per item, an undefined one (void, unset) none. */
export function serializeResponse(method: string, result: VimValue | undefined): string {
  const returnvals = result === undefined ? [] : result.kind === "array" ? result.items.map((item) => plainValue("returnval", item)) : [plainValue("returnval", result)];
  return envelope({ tag: `${method}Response`, attrs: { xmlns: VIM25_NS }, children: returnvals });
}

/** A fault as vCenter sends it: ServerFaultCode, the message, and the fault in detail as <XxxFault xsi:type="Xxx">. */
export function serializeFault(fault: VimFault): string {
  const detail = fault.toData();
  return envelope({
    tag: "soapenv:Fault",
    children: [
      { tag: "faultcode", text: "ServerFaultCode" },
      { tag: "faultstring", text: fault.message },
      { tag: "detail", children: [{ tag: `${fault.faultType}Fault`, attrs: { xmlns: VIM25_NS, [XSI_TYPE]: fault.faultType }, children: dataChildren(detail) }] },
    ],
  });
}
