import { describe, expect, it } from "vitest";
import { parseSoapRequest, serializeFault, serializeResponse, typedValue } from "./envelope.js";
import { invalidLogin, methodNotFound } from "./faults.js";
import { array, bool, data, enumValue, int, mor, moRef, mors, str, strings, type VimValue } from "./values.js";
import { buildXml, child, parseXml, xsiType, type XmlElement } from "./xml-tree.js";

/** Reads a value written with its xsi:type back, the way pyVmomi's deserializer resolves one. */
function readTyped(e: XmlElement): VimValue {
  const type = e.attrs["xsi:type"];
  if (type === undefined) throw new Error(`<${e.name}> has no xsi:type`);
  if (type === "ManagedObjectReference") return mor({ type: e.attrs["type"]!, value: e.text });
  if (type.startsWith("ArrayOf")) {
    const itemType = type.slice(7);
    const item = itemType.charAt(0).toLowerCase() + itemType.slice(1);
    const isPrimitive = ["string", "int", "long", "boolean"].includes(item);
    return array(isPrimitive ? item : itemType, e.children.map((c) => (isPrimitive ? { kind: "primitive", xsd: item as "string", value: c.text } : c.attrs["type"] && !xsiType(c) ? mor({ type: c.attrs["type"], value: c.text }) : readTyped(c))));
  }
  if (type.startsWith("xsd:")) return { kind: "primitive", xsd: type.slice(4) as "string", value: e.text };
  if (e.children.length === 0 && e.text !== "") return enumValue(type, e.text);
  return data(type, Object.fromEntries(e.children.map((c) => [c.name, xsiType(c) ? readTyped(c) : c.attrs["type"] ? mor({ type: c.attrs["type"], value: c.text }) : str(c.text)])));
}

const PYVMOMI_LOGIN = `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
<soapenv:Body><Login xmlns="urn:vim25"><_this type="SessionManager">SessionManager</_this><userName>administrator@vsphere.local</userName><password>p&lt;w&amp;</password></Login></soapenv:Body>
</soapenv:Envelope>`;

const PYVMOMI_RETRIEVE = `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
<soapenv:Body><RetrievePropertiesEx xmlns="urn:vim25"><_this type="PropertyCollector">propertyCollector</_this><specSet><propSet><type>HostSystem</type><all>false</all><pathSet>name</pathSet><pathSet>runtime.connectionState</pathSet></propSet><objectSet><obj type="ContainerView">session[1]view-1</obj><skip>true</skip><selectSet xsi:type="TraversalSpec"><name>tr</name><type>ContainerView</type><path>view</path><skip>false</skip><selectSet><name>tr</name></selectSet></selectSet></objectSet></specSet><options><maxObjects>10</maxObjects></options></RetrievePropertiesEx></soapenv:Body>
</soapenv:Envelope>`;

describe("the SOAP codec", () => {
  it("reads pyVmomi's Login: the method, _this and the arguments with their entities decoded", () => {
    const parsed = parseSoapRequest(PYVMOMI_LOGIN);
    if (!parsed.ok) throw parsed.fault;
    expect(parsed.request.method).toBe("Login");
    expect(parsed.request.this).toEqual({ type: "SessionManager", value: "SessionManager" });
    expect(parsed.request.args.get("userName")?.[0]?.text).toBe("administrator@vsphere.local");
    expect(parsed.request.args.get("password")?.[0]?.text).toBe("p<w&");
  });

  it("reads repeated arguments in order and the xsi:type of a polymorphic one", () => {
    const parsed = parseSoapRequest(PYVMOMI_RETRIEVE);
    if (!parsed.ok) throw parsed.fault;
    const spec = parsed.request.args.get("specSet")![0]!;
    const propSet = child(spec, "propSet")!;
    expect(propSet.children.filter((c) => c.name === "pathSet").map((c) => c.text)).toEqual(["name", "runtime.connectionState"]);
    const selectSet = child(child(spec, "objectSet")!, "selectSet")!;
    expect(xsiType(selectSet)).toBe("TraversalSpec");
    expect(child(child(selectSet, "selectSet")!, "name")?.text).toBe("tr");
  });

  it.each([
    ["not XML at all", "this is not xml"],
    ["unclosed elements", "<soapenv:Envelope><soapenv:Body><Login>"],
    ["a root that is no envelope", "<Login/>"],
    ["an envelope without a body", `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"/>`],
    ["a body without a method", `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body/></soapenv:Envelope>`],
    ["a method without _this", `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><Login/></soapenv:Body></soapenv:Envelope>`],
    ["an empty body", ""],
  ])("answers %s with an InvalidRequest fault, not a throw", (_what, xml) => {
    const parsed = parseSoapRequest(xml);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.fault.faultType).toBe("InvalidRequest");
    const doc = parseXml(serializeFault(parsed.fault));
    expect(xsiType(child(child(child(doc, "Body")!, "Fault")!, "detail")!.children[0]!)).toBe("InvalidRequest");
  });

  it.each<[string, VimValue]>([
    ["a string", str("esx-01 & <friends>")],
    ["an int", int(1500)],
    ["a boolean", bool(true)],
    ["an enum", enumValue("HostSystemConnectionState", "connected")],
    ["a managed object reference", mor(moRef("HostSystem", "host-1"))],
    ["an array of strings", strings(["uplink1", "uplink2"])],
    ["an array of references", mors([moRef("HostSystem", "host-1"), moRef("HostSystem", "host-2")])],
    ["a data object with a subtype inside", data("VirtualMachineConfigInfo", { name: str("vm1"), hardware: data("VirtualHardware", { memoryMB: str("inner primitives carry no xsi:type") }) })],
    ["an array of data objects", array("VirtualDevice", [data("VirtualVmxnet3", { macAddress: str("00:50:56:00:00:01") }), data("VirtualVmxnet3", { macAddress: str("00:50:56:00:00:02") })])],
  ])("writes %s as a property value with its xsi:type and reads it back", (_what, value) => {
    const doc = parseXml(buildXml(typedValue("val", value)));
    expect(readTyped(doc)).toEqual(value);
  });

  it("writes an array property of a data object as repeated elements, each data item with its xsi:type", () => {
    const value = data("VirtualHardware", { device: array("VirtualDevice", [data("VirtualVmxnet3", { key: int(4000) }), data("VirtualE1000", { key: int(4001) })]), numCPU: int(2) });
    const doc = parseXml(buildXml(typedValue("val", value)));
    expect(doc.children.map((c) => [c.name, xsiType(c) ?? c.text])).toEqual([
      ["device", "VirtualVmxnet3"],
      ["device", "VirtualE1000"],
      ["numCPU", "2"],
    ]);
  });

  it("writes a response in the vim25 namespace, an array result as repeated returnval", () => {
    const doc = parseXml(serializeResponse("RetrieveProperties", array("ObjectContent", [data("ObjectContent", { obj: mor(moRef("Folder", "group-d1")) }), data("ObjectContent", { obj: mor(moRef("Datacenter", "datacenter-2")) })])));
    const response = child(child(doc, "Body")!, "RetrievePropertiesResponse")!;
    expect(response.attrs["xmlns"]).toBe("urn:vim25");
    expect(response.children.map((c) => [c.name, child(c, "obj")?.text])).toEqual([
      ["returnval", "group-d1"],
      ["returnval", "datacenter-2"],
    ]);
    expect(child(child(child(doc, "Body")!, "LogoutResponse") ?? response, "returnval")).toBeDefined();
    expect(parseXml(serializeResponse("Logout", undefined)).children[0]!.children[0]!.children).toEqual([]);
  });

  it("writes a fault as vCenter does: ServerFaultCode, the message, <XxxFault xsi:type=Xxx> with its properties", () => {
    const doc = parseXml(serializeFault(methodNotFound(moRef("Folder", "group-d1"), "CreateCluster")));
    const fault = child(child(doc, "Body")!, "Fault")!;
    expect(fault.qname).toBe("soapenv:Fault");
    expect(child(fault, "faultcode")?.text).toBe("ServerFaultCode");
    expect(child(fault, "faultstring")?.text).toContain("CreateCluster");
    const detail = child(fault, "detail")!.children[0]!;
    expect(detail.name).toBe("MethodNotFoundFault");
    expect(xsiType(detail)).toBe("MethodNotFound");
    expect(detail.attrs["xmlns"]).toBe("urn:vim25");
    expect(child(detail, "receiver")?.attrs["type"]).toBe("Folder");
    expect(child(detail, "receiver")?.text).toBe("group-d1");
    expect(child(detail, "method")?.text).toBe("CreateCluster");
    const login = parseXml(serializeFault(invalidLogin()));
    expect(child(child(child(login, "Body")!, "Fault")!, "detail")!.children[0]!.name).toBe("InvalidLoginFault");
  });
});
