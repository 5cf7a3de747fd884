"""Watches a distributed port group's VLAN with WaitForUpdatesEx, as a monitoring script would.

usage: watch_portgroup.py PORT USER PASSWORD PORTGROUP
Prints {"ready": ...} once the first update set (the port group entering) came, then waits for a
change to the VLAN and prints {"vlan": N, "version": ..., "kind": ...}. It gives up after 60 s.
"""
import json
import sys
import time

from vdsim_api import args, connect, find, vim, vmodl

si = connect()
content = si.RetrieveContent()
name = args()[0]
pg = find(content, vim.dvs.DistributedVirtualPortgroup, name)
pc = content.propertyCollector
spec = vmodl.query.PropertyCollector.FilterSpec(
    objectSet=[vmodl.query.PropertyCollector.ObjectSpec(obj=pg)],
    propSet=[vmodl.query.PropertyCollector.PropertySpec(type=vim.dvs.DistributedVirtualPortgroup, pathSet=["name", "config.defaultPortConfig.vlan"])],
)
pc.CreateFilter(spec, partialUpdates=False)
options = vmodl.query.PropertyCollector.WaitOptions(maxWaitSeconds=5)


def vlan_of(update):
    for obj in update.filterSet[0].objectSet:
        for change in obj.changeSet:
            if change.name == "config.defaultPortConfig.vlan":
                return obj.kind, change.val.vlanId
    return None, None


first = pc.WaitForUpdatesEx(None, options)
kind, vlan = vlan_of(first)
print(json.dumps({"ready": True, "kind": kind, "vlan": vlan, "version": first.version}), flush=True)
version = first.version
deadline = time.time() + 60
while time.time() < deadline:
    update = pc.WaitForUpdatesEx(version, options)
    if update is None:
        continue  # nothing within maxWaitSeconds: wait again
    version = update.version
    kind, new_vlan = vlan_of(update)
    if new_vlan is not None and new_vlan != vlan:
        print(json.dumps({"kind": kind, "vlan": new_vlan, "version": version}), flush=True)
        sys.exit(0)
sys.exit("no VLAN change seen in 60 s")
