"""Watches a host's runtime.connectionState with WaitForUpdates (no Ex), as vCenter alarms do.

usage: watch_host.py PORT USER PASSWORD HOST STATE
Prints {"ready": ..., "state": ...} after the first update set, then waits until the host's
connection state is STATE and prints {"state": STATE, "kind": ...}.
"""
import json
import sys

from vdsim_api import args, connect, find, vim, vmodl

si = connect()
content = si.RetrieveContent()
name, wanted = args()
host = find(content, vim.HostSystem, name)
pc = content.propertyCollector
spec = vmodl.query.PropertyCollector.FilterSpec(
    objectSet=[vmodl.query.PropertyCollector.ObjectSpec(obj=host)],
    propSet=[vmodl.query.PropertyCollector.PropertySpec(type=vim.HostSystem, pathSet=["runtime.connectionState"])],
)
pc.CreateFilter(spec, partialUpdates=False)


def state_of(update):
    for obj in update.filterSet[0].objectSet:
        for change in obj.changeSet:
            if change.name == "runtime.connectionState":
                return obj.kind, change.val
    return None, None


first = pc.WaitForUpdates(None)
kind, state = state_of(first)
print(json.dumps({"ready": True, "kind": kind, "state": state}), flush=True)
version = first.version
while state != wanted:
    update = pc.WaitForUpdates(version)
    version = update.version
    kind, seen = state_of(update)
    if seen is not None:
        state = seen
print(json.dumps({"kind": kind, "state": state}), flush=True)
