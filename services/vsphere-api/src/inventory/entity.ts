import { data, enumValue, type MoRef, type VimValue, mor } from "../soap/values.js";
import type { ManagedObject } from "./managed-object.js";

export const GREEN = enumValue("ManagedEntityStatus", "green");
export const RED = enumValue("ManagedEntityStatus", "red");

/** A ManagedEntity: its own properties beside name, parent and the statuses every entity has. */
export function entity(ref: MoRef, name: string, parent: MoRef | undefined, props: Record<string, VimValue | undefined>, status: VimValue = GREEN): ManagedObject {
  return { ref, props: { name: { kind: "primitive", xsd: "string", value: name }, parent: parent && mor(parent), overallStatus: status, configStatus: GREEN, ...props } };
}

export const description = (label: string, summary: string): VimValue => data("Description", { label: { kind: "primitive", xsd: "string", value: label }, summary: { kind: "primitive", xsd: "string", value: summary } });
