import { memo } from "preact/compat";
import { useEffect, useRef, useState } from "preact/hooks";
import { eventFilter, features, hostNames } from "../store.js";
import { NO_FILTER } from "../view-model.js";
import { startMigration } from "./action-result.js";

/** What a dragged VM chip carries: its VM's name. */
export const VM_DRAG_TYPE = "text/vdsim-vm";

/** Why migrating is greyed out until vMotion lands. */
export const MIGRATE_DISABLED = "Migration is not available from this dashboard";

/** A VM on a port group: click for its menu (migrate, its events); drag to a host once vMotion exists. */
export const VmChip = memo(function VmChip({ vm, nic, mac, host, match }: { vm: string; nic: number; mac: string; host: string; match: boolean }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent): void => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);
  const vmotion = features.value.vmotion;
  const migrate = (destination: string): void => {
    setOpen(false);
    void startMigration(vm, destination);
  };
  return (
    <span class="vm-wrap" ref={ref}>
      <button
        type="button"
        class={`chip vm${match ? " match" : ""}`}
        data-testid={`vm-${vm}`}
        data-host={host}
        draggable={vmotion}
        onDragStart={(e) => e.dataTransfer?.setData(VM_DRAG_TYPE, vm)}
        title={`${vm}${nic > 0 ? ` vNIC ${nic}` : ""} ${mac}${vmotion ? " (drag to a host to migrate)" : ""}`}
        onClick={() => setOpen(!open)}
      >
        {nic > 0 ? `${vm}#${nic}` : vm}
      </button>
      {open && (
        <span class="menu" role="menu" data-testid="vm-menu">
          <span class="menu-title">{vm}</span>
          {hostNames.value
            .filter((h) => h !== host)
            .map((h) => (
              <button
                type="button"
                role="menuitem"
                key={h}
                class="menu-item"
                data-testid={`migrate-to-${h}`}
                disabled={!vmotion}
                title={vmotion ? `migrate ${vm} to ${h}` : MIGRATE_DISABLED}
                onClick={() => migrate(h)}
              >
                Migrate to {h}
              </button>
            ))}
          <button
            type="button"
            role="menuitem"
            class="menu-item"
            onClick={() => {
              eventFilter.value = { ...NO_FILTER, vm };
              setOpen(false);
            }}
          >
            Show its events
          </button>
        </span>
      )}
    </span>
  );
});
