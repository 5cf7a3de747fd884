import { useState } from "preact/hooks";
import type { SetPortGroupPolicyRequest } from "@vdsim/protocol";
import { api } from "../api.js";
import { features, topology } from "../store.js";
import { ActionResult, runAction as run, startMigration } from "./action-result.js";
import { MIGRATE_DISABLED } from "./vm-chip.js";

export function ActionsPanel() {
  return (
    <section class="panel actions" aria-label="Actions">
      <h2>Actions</h2>
      <CreatePortGroupForm />
      <PolicyForm />
      <MigrateForm />
      <ActionResult />
    </section>
  );
}

function CreatePortGroupForm() {
  const switches = topology.value?.switches ?? [];
  const [vds, setVds] = useState("");
  const [name, setName] = useState("");
  const [vlan, setVlan] = useState("");
  const [ports, setPorts] = useState("8");
  const chosen = vds || switches[0]?.name || "";
  return (
    <form
      class="form"
      data-testid="pg-create-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run(`adding port group ${name}`, () => api.createPortGroup({ vds: chosen, portgroup: name, vlan, ports: Number(ports) }));
      }}
    >
      <h3>Create a port group</h3>
      <label>
        switch
        <select name="vds" value={chosen} onChange={(e) => setVds(e.currentTarget.value)}>
          {switches.map((s) => (
            <option key={s.name}>{s.name}</option>
          ))}
        </select>
      </label>
      <label>
        name <input name="portgroup" value={name} onInput={(e) => setName(e.currentTarget.value)} required />
      </label>
      <label>
        VLAN <input name="vlan" value={vlan} placeholder="none" size={8} onInput={(e) => setVlan(e.currentTarget.value)} />
      </label>
      <label>
        ports <input name="ports" type="number" min={0} value={ports} size={4} onInput={(e) => setPorts(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={chosen === ""} title={chosen === "" ? "create a distributed switch first" : undefined}>
        Create
      </button>
    </form>
  );
}

type Tri = "" | "true" | "false";
const tri = (v: Tri): boolean | undefined => (v === "" ? undefined : v === "true");

function TriSelect({ name, label, value, set }: { name: string; label: string; value: Tri; set: (v: Tri) => void }) {
  return (
    <label>
      {label}
      <select name={name} value={value} onChange={(e) => set(e.currentTarget.value as Tri)}>
        <option value="">unchanged</option>
        <option value="true">accept / yes</option>
        <option value="false">reject / no</option>
      </select>
    </label>
  );
}

function PolicyForm() {
  const groups = topology.value?.portGroups ?? [];
  const [key, setKey] = useState("");
  const [vlan, setVlan] = useState("");
  const [promiscuous, setPromiscuous] = useState<Tri>("");
  const [macChanges, setMacChanges] = useState<Tri>("");
  const [forged, setForged] = useState<Tri>("");
  const [blocked, setBlocked] = useState<Tri>("");
  const chosen = groups.find((g) => `${g.vds}/${g.name}` === key) ?? groups[0];
  const submit = (): void => {
    if (!chosen) return;
    const req: SetPortGroupPolicyRequest = {
      vds: chosen.vds,
      portgroup: chosen.name,
      ...(vlan.trim() ? { vlan: vlan.trim() } : {}),
      ...(tri(promiscuous) === undefined ? {} : { allowPromiscuous: tri(promiscuous) }),
      ...(tri(macChanges) === undefined ? {} : { allowMacChanges: tri(macChanges) }),
      ...(tri(forged) === undefined ? {} : { allowForgedTransmits: tri(forged) }),
      ...(tri(blocked) === undefined ? {} : { blocked: tri(blocked) }),
    };
    void run(`reconfiguring port group ${chosen.name}`, () => api.setPortGroupPolicy(req));
  };
  return (
    <form
      class="form"
      data-testid="pg-set-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3>Change a port group's policy</h3>
      <label>
        port group
        <select name="portgroup" value={chosen ? `${chosen.vds}/${chosen.name}` : ""} onChange={(e) => setKey(e.currentTarget.value)}>
          {groups.map((g) => (
            <option key={`${g.vds}/${g.name}`} value={`${g.vds}/${g.name}`}>
              {g.vds}/{g.name} (VLAN {g.vlan})
            </option>
          ))}
        </select>
      </label>
      <label>
        VLAN <input name="vlan" value={vlan} placeholder={chosen?.vlan ?? ""} size={8} onInput={(e) => setVlan(e.currentTarget.value)} />
      </label>
      <TriSelect name="allowPromiscuous" label="promiscuous" value={promiscuous} set={setPromiscuous} />
      <TriSelect name="allowMacChanges" label="MAC changes" value={macChanges} set={setMacChanges} />
      <TriSelect name="allowForgedTransmits" label="forged transmits" value={forged} set={setForged} />
      <TriSelect name="blocked" label="blocked" value={blocked} set={setBlocked} />
      <button type="submit" disabled={!chosen}>
        Apply
      </button>
    </form>
  );
}

function MigrateForm() {
  const topo = topology.value;
  const vmotion = features.value.vmotion;
  const vms = topo ? topo.hosts.flatMap((h) => h.vms) : [];
  const [vm, setVm] = useState("");
  const [destination, setDestination] = useState("");
  const chosenVm = vm || vms[0] || "";
  const chosenHost = destination || topo?.hosts[0]?.name || "";
  return (
    <form
      class="form"
      data-testid="migrate-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (vmotion && chosenVm && chosenHost) void startMigration(chosenVm, chosenHost);
      }}
    >
      <h3>Migrate a VM</h3>
      <label>
        VM
        <select name="vm" disabled={!vmotion} value={chosenVm} onChange={(e) => setVm(e.currentTarget.value)}>
          {vms.map((v) => (
            <option key={v}>{v}</option>
          ))}
        </select>
      </label>
      <label>
        to
        <select name="destination" disabled={!vmotion} value={chosenHost} onChange={(e) => setDestination(e.currentTarget.value)}>
          {(topo?.hosts ?? []).map((h) => (
            <option key={h.name}>{h.name}</option>
          ))}
        </select>
      </label>
      <span class="tooltip-wrap" title={vmotion ? undefined : MIGRATE_DISABLED}>
        <button type="submit" data-testid="migrate-button" disabled={!vmotion} title={vmotion ? undefined : MIGRATE_DISABLED}>
          Migrate
        </button>
      </span>
    </form>
  );
}
