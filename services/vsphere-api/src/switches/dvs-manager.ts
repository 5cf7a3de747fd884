import type { ApiDeps, MethodTable } from "../api/method.js";
import type { ObjectSource } from "../inventory/managed-object.js";
import { PRODUCT } from "../inventory/network-objects.js";
import { REFS } from "../inventory/refs.js";
import { requiredArg } from "../soap/decode.js";
import { VimFault } from "../soap/faults.js";
import { array, data, mor, mors, str, type MoRef } from "../soap/values.js";
import { switchByUuid } from "./lookup.js";
import { portGroupInSwitch } from "./switch-methods.js";

/** The ESXi product line every vdsim host is (what QueryDvsCompatibleHostSpec lists). */
export const HOST_PRODUCT = data("DistributedVirtualSwitchHostProductSpec", { productLineId: str("embeddedEsx"), version: str("6.7.0") });

/** The DistributedVirtualSwitchManager as an object (it has no properties of its own; a client may still retrieve it). */
export const dvsManagerSource: ObjectSource = {
  get: (ref) => (ref.type === REFS.dvSwitchManager.type && ref.value === REFS.dvSwitchManager.value ? { ref: REFS.dvSwitchManager, props: {} } : undefined),
};

/** Every host that can join a switch: each connected one (tools ask before they add hosts). */
function compatibleHosts(deps: ApiDeps): MoRef[] {
  return Object.keys(deps.ctx.state.hosts)
    .filter((h) => deps.ctx.connectionState(h) === "connected")
    .flatMap((h) => {
      const ref = deps.ctx.hostRef(h);
      return ref ? [ref] : [];
    });
}

/** What tools call before they create or join a switch; they read the folded state and change nothing. */
export function dvsManagerMethods(deps: ApiDeps): MethodTable {
  const receiver = "DistributedVirtualSwitchManager";
  return {
    QueryAvailableDvsSpec: { receiver, run: () => array("DistributedVirtualSwitchProductSpec", [PRODUCT]) },
    QueryDvsCompatibleHostSpec: { receiver, run: () => array("DistributedVirtualSwitchHostProductSpec", Object.keys(deps.ctx.state.hosts).length > 0 ? [HOST_PRODUCT] : []) },
    QueryCompatibleHostForNewDvs: { receiver, run: () => mors(compatibleHosts(deps)) },
    QueryCompatibleHostForExistingDvs: { receiver, run: () => mors(compatibleHosts(deps)) },
    QueryDvsByUuid: {
      receiver,
      run: (c) => {
        const uuid = requiredArg(c.req, "uuid").text.trim();
        const vds = switchByUuid(deps.ctx, uuid);
        if (!vds) throw new VimFault("NotFound", `no distributed switch has the uuid "${uuid}"`);
        return mor(deps.ctx.switchRef(vds));
      },
    },
    DVSManagerLookupDvPortGroup: {
      receiver,
      run: (c) => {
        const uuid = requiredArg(c.req, "switchUuid").text.trim();
        const key = requiredArg(c.req, "portgroupKey").text.trim();
        const vds = switchByUuid(deps.ctx, uuid);
        if (!vds) throw new VimFault("NotFound", `no distributed switch has the uuid "${uuid}"`);
        return portGroupInSwitch(deps, vds.name, key, deps.ctx.switchRef(vds));
      },
    },
  };
}
