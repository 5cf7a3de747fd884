"""QueryEvents by type, by entity, by chain; EventManager.latestEvent and description.

usage: events_query.py PORT USER PASSWORD VM [CHAIN_ID]
"""
from vdsim_api import args, connect, emit, find, vim, vmodl, fault_name
from events_common import by_entity, event_info

a = args()
vm_name = a[0]
chain = int(a[1]) if len(a) > 1 else None
si = connect()
content = si.RetrieveContent()
em = content.eventManager
host = find(content, vim.HostSystem, "esx-01")
vm = find(content, vim.VirtualMachine, vm_name)
dc = content.rootFolder.childEntity[0]


def query(spec):
    return [event_info(e) for e in em.QueryEvents(spec)]


def fault(spec):
    try:
        em.QueryEvents(spec)
        return None
    except vmodl.MethodFault as err:
        return {"fault": fault_name(err), "invalidProperty": getattr(err, "invalidProperty", None)}


out = {
    "all": query(vim.event.EventFilterSpec()),
    "dvs": query(vim.event.EventFilterSpec(type=[vim.event.DvsEvent, vim.event.DVPortgroupEvent])),
    "byTypeId": query(vim.event.EventFilterSpec(eventTypeId=["VmCreatedEvent"], maxCount=1)),
    "hostSelf": query(by_entity(host, "self")),
    "hostAll": query(by_entity(host, "all")),
    "vmSelf": query(by_entity(vm, "self")),
    "dcAll": len(em.QueryEvents(by_entity(dc, "all"))),
    "latest": event_info(em.latestEvent),
    "eventInfo": sorted(getattr(d.key, "_wsdlName", None) or str(d.key) for d in em.description.eventInfo),
    "maxCollector": em.maxCollector,
    "badRecursion": fault(vim.event.EventFilterSpec(maxCount=-1)),
}
if chain is not None:
    out["chain"] = query(vim.event.EventFilterSpec(eventChainId=chain))
emit(out)
