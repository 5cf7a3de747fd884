import { broadcastAddress, hostRealizedConfig, type ClusterState, type HostRealizedConfig, type RealizedVmkNic } from "@vdsim/model";
import type { HostCliOutput } from "../request.js";
import { dvsConnection, dvsUuid, fixedColumns, ok, portId } from "./format.js";
import { list, structure, unable, type EsxcliAnswer, type FieldEntry } from "./structured.js";

/** The portset a VMkernel NIC is on: its standard switch, or DvsPortset-N for the N-th distributed switch. */
function portset(view: HostRealizedConfig, nic: RealizedVmkNic): { name: string; index: number } {
  const c = nic.connection;
  if (c.kind === "standard") return { name: c.vswitch, index: view.standardSwitches.findIndex((s) => s.name === c.vswitch) };
  const n = view.proxySwitches.findIndex((p) => p.vds === c.vds);
  return { name: `DvsPortset-${n}`, index: view.standardSwitches.length + n };
}

const vmkNumber = (name: string): number => Number(name.slice(3)) || 0;

/** esxcli network ip interface list */
export function renderVmkNicList(state: ClusterState, host: string): EsxcliAnswer {
  const view = hostRealizedConfig(state, host);
  const nics = view.vmknics.map((nic) => {
    const c = nic.connection;
    const set = portset(view, nic);
    const dvs: FieldEntry[] =
      c.kind === "distributed"
        ? [
            ["VDS Name", c.vds],
            ["VDS UUID", dvsUuid(c.vds)],
            ["VDS Port", c.portKey],
            ["VDS Connection", dvsConnection(c.vds, c.portKey)],
          ]
        : [
            ["VDS Name", "N/A"],
            ["VDS UUID", "N/A"],
            ["VDS Port", "N/A"],
            ["VDS Connection", -1],
          ];
    return structure("NetworkInterface", [
      ["Name", nic.name],
      ["MAC Address", nic.mac],
      ["Enabled", nic.enabled],
      ["Portset", set.name],
      ["Portgroup", c.kind === "standard" ? c.portgroup : "N/A"],
      ["Netstack Instance", "defaultTcpipStack"],
      ...dvs,
      ["MTU", nic.mtu],
      ["TSO MSS", 65535],
      ["Port ID", portId(set.index, 4 + vmkNumber(nic.name))],
    ]);
  });
  return list("NetworkInterface", "blocks", VMKNIC_FIELDS, nics);
}

const VMKNIC_FIELDS = [
  "Name",
  "MAC Address",
  "Enabled",
  "Portset",
  "Portgroup",
  "Netstack Instance",
  "VDS Name",
  "VDS UUID",
  "VDS Port",
  "VDS Connection",
  "MTU",
  "TSO MSS",
  "Port ID",
];
const IPV4_FIELDS = ["Name", "IPv4 Address", "IPv4 Netmask", "IPv4 Broadcast", "Address Type", "DHCP DNS"];

function ipv4Of(nic: RealizedVmkNic): { address: string; netmask: string; broadcast: string; type: string } {
  if (!nic.ipv4) return { address: "0.0.0.0", netmask: "0.0.0.0", broadcast: "0.0.0.0", type: "NONE" };
  return { ...nic.ipv4, broadcast: broadcastAddress(nic.ipv4), type: "STATIC" };
}

/** esxcli network ip interface ipv4 get [-i] */
export function renderVmkNicIpv4(state: ClusterState, host: string, vmknic?: string): EsxcliAnswer {
  const nics = hostRealizedConfig(state, host).vmknics.filter((n) => vmknic === undefined || n.name === vmknic);
  if (vmknic !== undefined && nics.length === 0) return unable(`Unable to find vmknic ${vmknic}`);
  const rows = nics.map((nic) => {
    const ip = ipv4Of(nic);
    return structure("IPv4Interface", [
      ["Name", nic.name],
      ["IPv4 Address", ip.address],
      ["IPv4 Netmask", ip.netmask],
      ["IPv4 Broadcast", ip.broadcast],
      ["Address Type", ip.type],
      ["DHCP DNS", false],
    ]);
  });
  return list("IPv4Interface", "table", IPV4_FIELDS, rows);
}

const VMKNIC_WIDTHS = [9, 18, 9, 38, 14, 14, 17, 6, 8, 7];

/** vicfg-vmknic -l */
export function renderVmkNicTable(state: ClusterState, host: string): HostCliOutput {
  const header = fixedColumns(
    ["Interface", "Port Group/DVPort", "IP Family", "IP Address", "Netmask", "Broadcast", "MAC Address", "MTU", "TSO MSS", "Enabled", "Type"],
    VMKNIC_WIDTHS,
  );
  const lines = hostRealizedConfig(state, host).vmknics.map((nic) => {
    const ip = nic.ipv4 ? ipv4Of(nic) : { address: "N/A", netmask: "N/A", broadcast: "N/A", type: "NONE" };
    const where = nic.connection.kind === "standard" ? nic.connection.portgroup : nic.connection.portKey;
    return fixedColumns(
      [nic.name, where, "IPv4", ip.address, ip.netmask, ip.broadcast, nic.mac, String(nic.mtu), "65535", String(nic.enabled), ip.type],
      VMKNIC_WIDTHS,
    );
  });
  return ok([header, ...lines].join("\n") + "\n");
}
