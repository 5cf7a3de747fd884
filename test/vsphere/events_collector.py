"""An EventHistoryCollector: latestPage (following a new event), paging with ReadNext/ReadPrevious,
Rewind, Reset, Destroy.

usage: events_collector.py PORT USER PASSWORD NEW_VM HOST NETWORK
"""
import time

from vdsim_api import args, connect, emit, fault_of, find, vim, vmodl, wait
from events_common import by_entity, event_info
from vms_common import network_backing, nic_spec

new_vm, host_name, network = args()
si = connect()
content = si.RetrieveContent()
em = content.eventManager
dc = content.rootFolder.childEntity[0]
keys = lambda events: [e.key for e in events or []]  # noqa: E731

collector = em.CreateCollectorForEvents(by_entity(dc, "all"))
collector.SetCollectorPageSize(3)
collector.ResetCollector()
page = keys(collector.latestPage)
total = len(em.QueryEvents(vim.event.EventFilterSpec()))
# from just before the latest page: ReadNext reads the page (oldest first), then nothing
after_reset = keys(collector.ReadNextEvents(10))
end = keys(collector.ReadNextEvents(10))
# back from the end, newest first
back = keys(collector.ReadPreviousEvents(2))
collector.RewindCollector()
forward = []
while True:
    got = collector.ReadNextEvents(4)
    if not got:
        break
    forward.extend(keys(got))
head = keys(collector.ReadNextEvents(4))
collector.ResetCollector()
reset_prev = keys(collector.ReadPreviousEvents(2))

# a new event enters the latest page, as the property collector reads it, and a watcher sees it move
# a collector of its own: WaitForTask below waits on the session's default one
pc = content.propertyCollector.CreatePropertyCollector()
pc.CreateFilter(vmodl.query.PropertyCollector.FilterSpec(
    objectSet=[vmodl.query.PropertyCollector.ObjectSpec(obj=collector)],
    propSet=[vmodl.query.PropertyCollector.PropertySpec(type=vim.event.EventHistoryCollector, pathSet=["latestPage"])],
), partialUpdates=False)
options = vmodl.query.PropertyCollector.WaitOptions(maxWaitSeconds=10)
version = pc.WaitForUpdatesEx(None, options).version
host = find(content, vim.HostSystem, host_name)
spec = vim.vm.ConfigSpec(name=new_vm, memoryMB=512, numCPUs=1, guestId="debian10_64Guest",
                         deviceChange=[nic_spec("VirtualVmxnet3", network_backing(network))])
wait(dc.vmFolder.CreateVM_Task(config=spec, pool=dc.hostFolder.childEntity[0].resourcePool, host=host))
newest = [event_info(e) for e in collector.latestPage]
watched = []
deadline = time.time() + 30
while time.time() < deadline and not any(e["vm"] == new_vm for e in watched):
    update = pc.WaitForUpdatesEx(version, options)
    if update is None:
        continue
    version = update.version
    for obj in update.filterSet[0].objectSet:
        for change in obj.changeSet:
            if change.name == "latestPage":
                watched = [event_info(e) for e in change.val]

filter_back = {"recursion": collector.filter.entity.recursion, "entity": collector.filter.entity.entity._moId}
collector.DestroyCollector()
destroyed = fault_of(collector.ReadNextEvents, 1)
emit({"page": page, "total": total, "afterReset": after_reset, "end": end, "back": back, "forward": forward, "head": head,
      "resetPrev": reset_prev, "filter": filter_back, "newest": newest, "watched": watched, "destroyed": destroyed,
      "query": keys(em.QueryEvents(vim.event.EventFilterSpec()))})
