import { hostRealizedConfig, type Host, type HostRealizedConfig, type RealizedStandardSwitch, type VmkNic } from "@vdsim/model";
import type { InventoryContext } from "../inventory/context.js";
import { array, bool, data, int, str, strings, type DataValue, type VimValue } from "../soap/values.js";
import { KEYS } from "./host-refs.js";
import { overridesValue, policyValue } from "./policy-values.js";

/** ESXi's vmnic model in vdsim (as `esxcli network nic list` prints it): e1000, up at 1000 Mb/s full duplex. */
const LINK = data("PhysicalNicLinkInfo", { speedMb: int(1000), duplex: bool(true) });
const CDP_OPERATION = { down: "none", listen: "listen", advertise: "advertise", both: "both" } as const;

/** A switch's port groups in ESXi's order, the newest first (as esxcli lists them). */
function portGroupsInEsxiOrder(h: Host, sw: RealizedStandardSwitch): RealizedStandardSwitch["portGroups"] {
  const added = Object.keys(h.standardPortGroups);
  return [...sw.portGroups].sort((a, b) => added.indexOf(b.name) - added.indexOf(a.name));
}

/** Ports in use on a standard switch as ESXi counts them: its clients, one per uplink and one internal port. */
function usedPorts(view: HostRealizedConfig, sw: RealizedStandardSwitch): number {
  const clients =
    view.standardPorts.filter((p) => p.vswitch === sw.name).length + view.vmknics.filter((n) => n.connection.kind === "standard" && n.connection.vswitch === sw.name).length;
  return clients + sw.uplinks.length + 1;
}

/** The standard ports of a host (VMs' vNICs and vmknics on its port groups), keyed as ESXi keys them. */
interface StandardPort {
  readonly key: string;
  readonly portgroup: string;
  readonly mac: string;
  readonly type: "host" | "virtualMachine";
  readonly vmknic?: string;
}

function standardPorts(view: HostRealizedConfig): StandardPort[] {
  const ports: StandardPort[] = [];
  const key = (): string => `key-vim.host.PortGroup.Port-${33554436 + ports.length}`;
  for (const n of view.vmknics) if (n.connection.kind === "standard") ports.push({ key: key(), portgroup: n.connection.portgroup, mac: n.mac, type: "host", vmknic: n.name });
  for (const p of view.standardPorts) if (p.reservedFor === undefined) ports.push({ key: key(), portgroup: p.portgroup, mac: p.mac, type: "virtualMachine" });
  return ports;
}

function vswitchValue(h: Host, view: HostRealizedConfig, sw: RealizedStandardSwitch): DataValue {
  const cdp = h.standardSwitches[sw.name]?.cdpStatus ?? "listen";
  const bridge =
    sw.uplinks.length === 0
      ? undefined
      : data("HostVirtualSwitchBondBridge", {
          nicDevice: strings(sw.uplinks),
          beacon: data("HostVirtualSwitchBeaconConfig", { interval: int(1) }),
          linkDiscoveryProtocolConfig: data("LinkDiscoveryProtocolConfig", { protocol: str("cdp"), operation: str(CDP_OPERATION[cdp]) }),
        });
  return data("HostVirtualSwitch", {
    name: str(sw.name),
    key: str(KEYS.vswitch(sw.name)),
    numPorts: int(sw.numPorts),
    numPortsAvailable: int(Math.max(0, sw.numPorts - usedPorts(view, sw))),
    mtu: int(sw.mtu),
    portgroup: strings(portGroupsInEsxiOrder(h, sw).map((pg) => KEYS.portgroup(pg.name))),
    pnic: strings(sw.uplinks.map(KEYS.pnic)),
    spec: data("HostVirtualSwitchSpec", { numPorts: int(sw.numPorts), bridge, policy: policyValue(sw.policy), mtu: int(sw.mtu) }),
  });
}

function portGroupValues(h: Host, sw: RealizedStandardSwitch, ports: readonly StandardPort[]): DataValue[] {
  return portGroupsInEsxiOrder(h, sw).map((pg) => {
    const own = h.standardPortGroups[pg.name];
    const mine = ports.filter((p) => p.portgroup === pg.name);
    return data("HostPortGroup", {
      key: str(KEYS.portgroup(pg.name)),
      port: array("HostPortGroupPort", mine.map((p) => data("HostPortGroupPort", { key: str(p.key), mac: strings([p.mac]), type: str(p.type) }))),
      vswitch: str(KEYS.vswitch(sw.name)),
      computedPolicy: policyValue(pg.policy),
      spec: data("HostPortGroupSpec", {
        name: str(pg.name),
        vlanId: int(pg.vlan),
        vswitchName: str(sw.name),
        policy: overridesValue(own?.overrides ?? { security: null, shaping: null, teaming: null }),
      }),
    });
  });
}

/** A vmknic as HostVirtualNic: on a standard port group (portgroup, port) or a dvPort (spec.distributedVirtualPort). */
export function vnicValue(ctx: InventoryContext, nic: VmkNic, ports: readonly StandardPort[], key = KEYS.vnic(nic.name)): DataValue {
  const c = nic.connection;
  const ip = data("HostIpConfig", { dhcp: bool(false), ipAddress: nic.ipv4 ? str(nic.ipv4.address) : undefined, subnetMask: nic.ipv4 ? str(nic.ipv4.netmask) : undefined });
  let dvPort: VimValue | undefined;
  if (c.kind === "distributed") {
    const vds = ctx.state.switches[c.vds];
    const pgName = vds?.ports[c.portKey]?.portgroup;
    const pgKey = pgName === undefined ? undefined : (ctx.state.portGroups[pgName]?.key ?? (vds?.uplinkPortGroup.portgroup === pgName ? vds.uplinkPortGroup.key : undefined));
    dvPort = data("DistributedVirtualSwitchPortConnection", {
      switchUuid: str(vds ? ctx.switchUuid(vds) : ""),
      portgroupKey: pgKey === undefined ? undefined : str(pgKey),
      portKey: str(c.portKey),
    });
  }
  const port = ports.find((p) => p.vmknic === nic.name);
  return data("HostVirtualNic", {
    device: str(nic.name),
    key: str(key),
    portgroup: str(c.kind === "standard" ? c.portgroup : ""),
    spec: data("HostVirtualNicSpec", {
      ip,
      mac: str(nic.mac),
      distributedVirtualPort: dvPort,
      portgroup: c.kind === "standard" ? str(c.portgroup) : undefined,
      mtu: int(nic.mtu),
      tsoEnabled: bool(true),
      netStackInstanceKey: str("defaultTcpipStack"),
    }),
    port: port ? str(port.key) : undefined,
  });
}

function pnicValues(view: HostRealizedConfig): DataValue[] {
  return view.pnics.map((p, i) =>
    data("PhysicalNic", {
      key: str(KEYS.pnic(p.name)),
      device: str(p.name),
      pci: str(`0000:${(2 + i).toString(16).padStart(2, "0")}:00.0`),
      driver: str("e1000"),
      linkSpeed: LINK,
      validLinkSpecification: array("PhysicalNicLinkInfo", [LINK]),
      spec: data("PhysicalNicSpec", { linkSpeed: LINK }),
      wakeOnLanSupported: bool(false),
      mac: str(p.mac),
      autoNegotiateSupported: bool(true),
    }),
  );
}

function proxySwitchValues(ctx: InventoryContext, h: Host, view: HostRealizedConfig): DataValue[] {
  return view.proxySwitches.flatMap((ps) => {
    const vds = ctx.state.switches[ps.vds];
    const member = vds?.members[h.name];
    if (!vds || !member) return [];
    const uuid = ctx.switchUuid(vds);
    const backed = Object.entries(member.uplinks);
    const used =
      view.dvPorts.filter((p) => p.vds === vds.name).length +
      Object.values(h.vmknics).filter((n) => n.connection.kind === "distributed" && n.connection.vds === vds.name).length +
      Object.keys(member.uplinkPorts).length;
    return [
      data("HostProxySwitch", {
        dvsUuid: str(uuid),
        dvsName: str(vds.name),
        key: str(uuid),
        numPorts: int(vds.maxPorts),
        configNumPorts: int(vds.maxPorts),
        numPortsAvailable: int(Math.max(0, vds.maxPorts - used)),
        uplinkPort: array(
          "KeyValue",
          Object.entries(member.uplinkPorts).map(([uplink, port]) => data("KeyValue", { key: str(port), value: str(uplink) })),
        ),
        mtu: int(vds.mtu),
        pnic: strings(backed.map(([, vmnic]) => KEYS.pnic(vmnic))),
        spec: data("HostProxySwitchSpec", {
          backing: data("DistributedVirtualSwitchHostMemberPnicBacking", {
            pnicSpec: array(
              "DistributedVirtualSwitchHostMemberPnicSpec",
              backed.map(([uplink, vmnic]) =>
                data("DistributedVirtualSwitchHostMemberPnicSpec", {
                  pnicDevice: str(vmnic),
                  uplinkPortKey: member.uplinkPorts[uplink] === undefined ? undefined : str(member.uplinkPorts[uplink] ?? ""),
                  uplinkPortgroupKey: str(vds.uplinkPortGroup.key),
                }),
              ),
            ),
          }),
        }),
      }),
    ];
  });
}

/** A host's config.network (and its HostNetworkSystem's networkInfo), from its state in the log. */
export function networkInfo(ctx: InventoryContext, h: Host, view: HostRealizedConfig = hostRealizedConfig(ctx.state, h.name)): DataValue {
  const ports = standardPorts(view);
  const gateway = h.ipv4Routes.find((r) => r.network === "0.0.0.0" && r.netmask === "0.0.0.0");
  return data("HostNetworkInfo", {
    vswitch: array("HostVirtualSwitch", view.standardSwitches.map((sw) => vswitchValue(h, view, sw))),
    proxySwitch: array("HostProxySwitch", proxySwitchValues(ctx, h, view)),
    portgroup: array("HostPortGroup", view.standardSwitches.flatMap((sw) => portGroupValues(h, sw, ports))),
    pnic: array("PhysicalNic", pnicValues(view)),
    vnic: array("HostVirtualNic", vmknicsOf(h).map((n) => vnicValue(ctx, n, ports))),
    ipRouteConfig: data("HostIpRouteConfig", { defaultGateway: gateway ? str(gateway.gateway) : undefined }),
    ipV6Enabled: bool(false),
  });
}

/** The host's vmknics in device order: vmk0, vmk1, ..., vmk10. */
export function vmknicsOf(h: Host): VmkNic[] {
  const n = (v: VmkNic): number => Number(v.name.replace(/^vmk/, ""));
  return Object.values(h.vmknics).sort((a, b) => n(a) - n(b));
}

export { standardPorts, type StandardPort };
