import { buildXml } from "./soap/xml-tree.js";

/** The API version vdsim answers as (vCenter 6.7), and the older ones a client may ask for. */
export const API_VERSION = "6.7";
export const PRIOR_VERSIONS = ["6.5", "6.0", "5.5", "5.1", "5.0", "4.1", "4.0"] as const;

/** /sdk/vimServiceVersions.xml: what pyVim's SmartConnect reads to choose the version it speaks. */
export function vimServiceVersionsXml(): string {
  return buildXml({
    tag: "namespaces",
    attrs: { version: "1.0" },
    children: [
      {
        tag: "namespace",
        children: [
          { tag: "name", text: "urn:vim25" },
          { tag: "version", text: API_VERSION },
          { tag: "priorVersions", children: PRIOR_VERSIONS.map((v) => ({ tag: "version", text: v })) },
        ],
      },
    ],
  });
}
