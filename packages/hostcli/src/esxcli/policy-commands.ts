import type { LoadBalancing, StandardPolicyPatch } from "@vdsim/model";
import type { HostCliRequest, PolicySection } from "../request.js";
import { UsageProblem, compact, type EsxcliCommand, type EsxcliOption, type OptionValues } from "./spec.js";

/** esxcli's --load-balancing values, and what `failover get` prints for each. */
export const LOAD_BALANCING_WORDS: Readonly<Record<string, LoadBalancing>> = {
  explicit: "failover_explicit",
  iphash: "loadbalance_ip",
  mac: "loadbalance_srcmac",
  portid: "loadbalance_srcid",
};

const vswitchOption: EsxcliOption = { long: "vswitch-name", short: "v", type: "str", required: true, help: "The name of the virtual switch to use." };
const portgroupOption: EsxcliOption = { long: "portgroup-name", short: "p", type: "str", required: true, help: "The name of the port group." };

const SECURITY: readonly EsxcliOption[] = [
  { long: "allow-forged-transmits", short: "f", type: "bool", help: "Allow or deny forged transmits (frames whose source MAC is not the vNIC's)." },
  { long: "allow-mac-change", short: "m", type: "bool", help: "Allow or deny the guest changing its MAC address." },
];
const SHAPING: readonly EsxcliOption[] = [
  { long: "avg-bandwidth", short: "b", type: "long", help: "The average bandwidth in Kbps." },
  { long: "burst-size", short: "t", type: "long", help: "The maximum burst allowed, in KB." },
  { long: "enabled", short: "e", type: "bool", help: "Enable or disable traffic shaping." },
  { long: "peak-bandwidth", short: "k", type: "long", help: "The peak bandwidth in Kbps." },
];
const FAILOVER: readonly EsxcliOption[] = [
  { long: "active-uplinks", short: "a", type: "str", help: "Comma-separated list of active uplinks, in order." },
  { long: "failback", short: "b", type: "bool", help: "Return traffic to an uplink that recovers." },
  { long: "load-balancing", short: "l", type: "str", help: "The load balancing policy: explicit, iphash, mac or portid." },
  { long: "notify-switches", short: "n", type: "bool", help: "Send a RARP to the physical switches after a failover." },
  { long: "standby-uplinks", short: "s", type: "str", help: "Comma-separated list of standby uplinks, in order." },
];

/** The security options differ only in promiscuous mode's short flag: -p on a switch, -o on a port group. */
const optionsOf = (section: PolicySection, target: "vswitch" | "portgroup"): EsxcliOption[] => {
  const owner = target === "vswitch" ? vswitchOption : portgroupOption;
  switch (section) {
    case "security": {
      const promiscuous: EsxcliOption = {
        long: "allow-promiscuous",
        short: target === "vswitch" ? "p" : "o",
        type: "bool",
        help: "Allow or deny promiscuous mode.",
      };
      return [...SECURITY, promiscuous, owner].sort(byFlag);
    }
    case "shaping":
      return [...SHAPING, owner].sort(byFlag);
    case "failover":
      return [...FAILOVER, owner].sort(byFlag);
  }
};

const byFlag = (a: EsxcliOption, b: EsxcliOption): number => (a.long < b.long ? -1 : 1);

export function patchFrom(section: PolicySection, v: OptionValues): StandardPolicyPatch {
  switch (section) {
    case "security":
      return {
        allowPromiscuous: v.bool("allow-promiscuous"),
        allowMacChanges: v.bool("allow-mac-change"),
        allowForgedTransmits: v.bool("allow-forged-transmits"),
      };
    case "shaping":
      return { shapingEnabled: v.bool("enabled"), averageKbps: v.int("avg-bandwidth"), peakKbps: v.int("peak-bandwidth"), burstKB: v.int("burst-size") };
    case "failover": {
      const words = v.str("load-balancing");
      let loadBalancing: LoadBalancing | undefined;
      if (words !== undefined) {
        loadBalancing = Object.hasOwn(LOAD_BALANCING_WORDS, words) ? LOAD_BALANCING_WORDS[words] : undefined;
        if (loadBalancing === undefined) {
          throw new UsageProblem(
            `Invalid data constraint for parameter 'load-balancing'. Expected one of explicit, iphash, mac, portid, got '${words}'`,
          );
        }
      }
      return {
        activeUplinks: v.list("active-uplinks"),
        standbyUplinks: v.list("standby-uplinks"),
        loadBalancing,
        notifySwitches: v.bool("notify-switches"),
        failback: v.bool("failback"),
      };
    }
  }
}

const noSettings = (patch: StandardPolicyPatch): boolean => Object.values(patch).every((x) => x === undefined);

function policyCommands(target: "vswitch" | "portgroup"): EsxcliCommand[] {
  const base = target === "vswitch" ? "network vswitch standard policy" : "network vswitch standard portgroup policy";
  const sections: PolicySection[] = ["failover", "security", "shaping"];
  return sections.flatMap((section): EsxcliCommand[] => [
    {
      path: `${base} ${section} get`,
      description: `Get the ${label(section)} policy of the given ${target === "vswitch" ? "virtual switch" : "port group"}.`,
      options: [target === "vswitch" ? vswitchOption : portgroupOption],
      build: (v): HostCliRequest => ({
        kind: "query",
        tool: "esxcli",
        query:
          target === "vswitch"
            ? { type: "GetStandardSwitchPolicy", section, vswitch: v.str("vswitch-name") ?? "" }
            : { type: "GetStandardPortGroupPolicy", section, portgroup: v.str("portgroup-name") ?? "" },
      }),
    },
    {
      path: `${base} ${section} set`,
      description: `Set the ${label(section)} policy of the given ${target === "vswitch" ? "virtual switch" : "port group"}.`,
      options: optionsOf(section, target),
      build: (v): HostCliRequest => {
        const patch = compact(patchFrom(section, v));
        if (noSettings(patch)) throw new UsageProblem(`At least one ${label(section)} policy setting is required`);
        return {
          kind: "command",
          tool: "esxcli",
          command:
            target === "vswitch"
              ? { type: "SetStandardSwitchPolicy", vswitch: v.str("vswitch-name") ?? "", patch }
              : { type: "SetStandardPortGroupPolicy", portgroup: v.str("portgroup-name") ?? "", patch },
        };
      },
    },
  ]);
}

const label = (section: PolicySection): string =>
  section === "failover" ? "failover" : section === "security" ? "security" : "traffic shaping";

export const POLICY_COMMANDS: readonly EsxcliCommand[] = [...policyCommands("vswitch"), ...policyCommands("portgroup")];
