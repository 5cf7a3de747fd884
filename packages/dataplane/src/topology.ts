import type { DataPlaneConfig, PortSpec, SwitchSpec } from "./config.js";
import { InvalidConfigError, NoFreePortError, UnknownSwitchError, UplinkInUseError } from "./errors.js";
import type { UplinkSlot } from "./teaming.js";
import { sameVlanMode } from "./vlan.js";
import { VirtualPort } from "./virtual-switch.js";
import { VirtualSwitch } from "./virtual-switch.js";

const MAC_PATTERN = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

export interface MappedUplink {
  readonly sw: VirtualSwitch;
  readonly slot: UplinkSlot;
}

/** The host's switches, ports and uplinks, reconciled to a desired configuration. */
export class HostTopology {
  readonly switches = new Map<string, VirtualSwitch>();
  readonly ports = new Map<string, VirtualPort>();
  /** vmnic -> the uplink it backs */
  readonly uplinks = new Map<string, MappedUplink>();
  private readonly linkDown = new Set<string>();

  constructor(private readonly macAgingMs: number) {}

  /**
   * Makes the switches and ports exactly `config`, all or nothing: the whole config is checked
   * before anything changes. Ports that stay keep their counters, shaping buckets, effective MAC
   * and learned MACs (unless their switch or VLAN changed); removed ports' MACs are forgotten.
   */
  configure(config: DataPlaneConfig): void {
    validate(config);
    const wanted = new Map(config.switches.map((s) => [s.name, s]));
    for (const name of [...this.switches.keys()]) if (!wanted.has(name)) this.switches.delete(name);
    for (const spec of config.switches) {
      const sw = this.switches.get(spec.name);
      if (sw === undefined) this.switches.set(spec.name, new VirtualSwitch(spec.name, spec, this.macAgingMs));
      else sw.update(spec);
    }
    this.indexUplinks();

    const wantedPorts = new Map(config.ports.map((p) => [p.id, p]));
    for (const [id, port] of [...this.ports]) {
      if (wantedPorts.has(id)) continue;
      port.sw.macTable.forgetPort(port);
      this.ports.delete(id);
    }
    const connected = new Map<VirtualSwitch, VirtualPort[]>([...this.switches.values()].map((sw) => [sw, []]));
    for (const spec of config.ports) {
      const sw = this.switches.get(spec.switch)!;
      const port = this.ports.get(spec.id);
      if (port === undefined) {
        const created = new VirtualPort(spec.id, spec, sw);
        this.ports.set(spec.id, created);
        connected.get(sw)!.push(created);
        continue;
      }
      const oldVlan = port.vlan;
      const oldMac = port.initialMac;
      const oldSwitch = port.sw;
      port.update(spec, sw);
      if (oldSwitch !== sw || oldMac !== port.initialMac || !sameVlanMode(oldVlan, port.vlan)) oldSwitch.macTable.forgetPort(port);
      connected.get(sw)!.push(port);
    }
    for (const [sw, ports] of connected) {
      sw.ports = ports;
      for (const port of ports) port.resolveTeaming();
      sw.reindex();
    }
  }

  /** Records a vmnic's link state (it is kept for a vmnic that backs no uplink yet); returns the uplink it backs, if any. */
  setLinkState(vmnic: string, up: boolean): MappedUplink | undefined {
    if (up) this.linkDown.delete(vmnic);
    else this.linkDown.add(vmnic);
    const mapped = this.uplinks.get(vmnic);
    if (mapped !== undefined) mapped.slot.up = up;
    return mapped;
  }

  private indexUplinks(): void {
    this.uplinks.clear();
    for (const sw of this.switches.values()) {
      for (const slot of sw.uplinks.values()) {
        if (slot.vmnic === null) continue;
        slot.up = !this.linkDown.has(slot.vmnic);
        this.uplinks.set(slot.vmnic, { sw, slot });
      }
    }
  }
}

function validate(config: DataPlaneConfig): void {
  const switches = new Map<string, SwitchSpec>();
  const vmnicOwner = new Map<string, string>();
  for (const sw of config.switches) {
    if (switches.has(sw.name)) throw new InvalidConfigError(`Switch "${sw.name}" is listed twice`);
    if (!Number.isInteger(sw.ports) || sw.ports < 0) throw new InvalidConfigError(`Switch "${sw.name}": invalid number of ports ${sw.ports}`);
    if (sw.mtu !== undefined && (!Number.isInteger(sw.mtu) || sw.mtu <= 0)) throw new InvalidConfigError(`Switch "${sw.name}": invalid MTU ${sw.mtu}`);
    switches.set(sw.name, sw);
    for (const vmnic of Object.values(sw.uplinks)) {
      if (vmnic === null) continue;
      const owner = vmnicOwner.get(vmnic);
      if (owner !== undefined) throw new UplinkInUseError(vmnic, sw.name, owner);
      vmnicOwner.set(vmnic, sw.name);
    }
  }
  const ids = new Set<string>();
  const used = new Map<string, number>();
  for (const port of config.ports) {
    if (ids.has(port.id)) throw new InvalidConfigError(`Port "${port.id}" is listed twice`);
    ids.add(port.id);
    const sw = switches.get(port.switch);
    if (sw === undefined) throw new UnknownSwitchError(port.switch, `(port "${port.id}" connects to it)`);
    checkMac(port);
    const count = (used.get(sw.name) ?? 0) + 1;
    if (count > sw.ports) throw new NoFreePortError(sw.name, sw.ports, config.ports.filter((p) => p.switch === sw.name).length);
    used.set(sw.name, count);
  }
}

function checkMac(port: PortSpec): void {
  if (!MAC_PATTERN.test(port.mac)) throw new InvalidConfigError(`Port "${port.id}": invalid MAC "${port.mac}" (expected lowercase xx:xx:xx:xx:xx:xx)`);
}
