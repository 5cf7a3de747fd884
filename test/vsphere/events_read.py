"""Reads vdsim's vSphere events as a vCenter user's script does: QueryEvents by type, by entity, by
chain; an EventHistoryCollector paged both ways; EventManager.description; a task history collector.

Prints one JSON object (see test/vsphere-events.e2e.spec.ts).
"""
from pyVmomi import VmomiSupport
from vdsim_api import connect, emit, fault_name, find, vim, vmodl


def brief(e):
    return {"type": type(e).__name__.split(".")[-1], "key": e.key, "chainId": e.chainId, "user": e.userName,
            "message": e.fullFormattedMessage, "created": e.createdTime.isoformat()}


def main():
    si = connect()
    content = si.RetrieveContent()
    em = content.eventManager
    out = {}
    everything = em.QueryEvents(vim.event.EventFilterSpec())
    out["all"] = [brief(e) for e in everything]
    wanted = ["DvsCreatedEvent", "DvsHostJoinedEvent", "DVPortgroupCreatedEvent", "DVPortgroupReconfiguredEvent", "VmCreatedEvent",
              "VmBeingHotMigratedEvent", "VmMigratedEvent", "VmFailedMigrateEvent"]
    out["byType"] = [brief(e) for e in em.QueryEvents(vim.event.EventFilterSpec(eventTypeId=wanted))]
    migrated = em.QueryEvents(vim.event.EventFilterSpec(type=[vim.event.VmMigratedEvent]))
    out["migrated"] = [dict(brief(e), sourceHost=e.sourceHost.name, host=e.host.name, vm=e.vm.vm._moId) for e in migrated]
    failed = em.QueryEvents(vim.event.EventFilterSpec(eventTypeId=["VmFailedMigrateEvent"]))
    out["failed"] = [dict(brief(e), reason=fault_name(e.reason), destHost=e.destHost.name) for e in failed]
    reconfigured = em.QueryEvents(vim.event.EventFilterSpec(eventTypeId=["DVPortgroupReconfiguredEvent"]))
    out["reconfigured"] = [dict(brief(e), net=e.net.name, vlan=e.configSpec.defaultPortConfig.vlan.vlanId) for e in reconfigured]
    switch = em.QueryEvents(vim.event.EventFilterSpec(eventTypeId=["DvsReconfiguredEvent"]))[0]
    out["reconfiguredSwitch"] = {"maxMtu": switch.configSpec.maxMtu, "modified": switch.configChanges.modified}
    if migrated:
        chain = em.QueryEvents(vim.event.EventFilterSpec(eventChainId=migrated[0].chainId))
        out["chain"] = [brief(e) for e in chain]
    vm = find(content, vim.VirtualMachine, "a")
    by_vm = vim.event.EventFilterSpec.ByEntity(entity=vm, recursion="self")
    out["byVm"] = [brief(e) for e in em.QueryEvents(vim.event.EventFilterSpec(entity=by_vm))]
    net = content.rootFolder.childEntity[0].networkFolder
    by_net = vim.event.EventFilterSpec.ByEntity(entity=net, recursion="children")
    out["byNetworkFolder"] = sorted({brief(e)["type"] for e in em.QueryEvents(vim.event.EventFilterSpec(entity=by_net))})

    collector = em.CreateCollectorForEvents(vim.event.EventFilterSpec())
    collector.SetLatestPageSize(3)
    out["latestPage"] = [e.key for e in collector.latestPage]
    forward = []
    while True:
        page = collector.ReadNext(4)
        if not page:
            break
        forward.append([e.key for e in page])
    out["forward"] = forward
    out["back"] = [e.key for e in collector.ReadPrev(3)]
    collector.Reset()
    out["beforeLatest"] = [e.key for e in collector.ReadPrev(1000)]
    collector.Rewind()
    out["afterRewind"] = [e.key for e in collector.ReadNext(2)]
    try:
        collector.ReadNext(0)
        out["zero"] = None
    except vmodl.MethodFault as err:
        out["zero"] = fault_name(err)
    out["filterType"] = type(collector.filter).__name__
    collector.Remove()
    try:
        collector.ReadNext(1)
        out["afterDestroy"] = None
    except vmodl.MethodFault as err:
        out["afterDestroy"] = fault_name(err)

    out["latestEvent"] = em.latestEvent.key
    out["eventInfo"] = sorted(VmomiSupport.GetWsdlName(d.key) for d in em.description.eventInfo)
    out["maxCollector"] = em.maxCollector

    tasks = content.taskManager.CreateCollectorForTasks(vim.TaskFilterSpec(state=["success", "error"]))
    out["taskPage"] = [t.key for t in tasks.latestPage]
    out["taskNext"] = [t.key for t in tasks.ReadNext(10)]
    tasks.Remove()
    emit(out)


main()
