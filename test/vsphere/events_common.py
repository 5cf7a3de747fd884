"""What the events scripts share: an event as JSON, the filters they ask with."""
from vdsim_api import vim


def name_of(arg):
    return None if arg is None else arg.name


def event_info(e):
    """An event as the tests compare it: its type, key, chain and the entities it names."""
    out = {
        "type": type(e).__name__.split(".")[-1],
        "key": e.key,
        "chainId": e.chainId,
        "createdTime": e.createdTime.isoformat(),
        "userName": e.userName,
        "datacenter": name_of(e.datacenter),
        "computeResource": name_of(e.computeResource),
        "host": name_of(e.host),
        "vm": name_of(e.vm),
        "net": name_of(e.net),
        "dvs": name_of(e.dvs),
        "message": e.fullFormattedMessage,
    }
    for prop in ("destHost", "sourceHost", "hostJoined", "hostLeft"):
        if hasattr(e, prop):
            out[prop] = name_of(getattr(e, prop))
    if isinstance(e, vim.event.VmFailedMigrateEvent):
        out["reason"] = type(e.reason).__name__.split(".")[-1]
    if isinstance(e, vim.event.DVPortgroupReconfiguredEvent):
        vlan = e.configSpec.defaultPortConfig.vlan
        out["vlan"] = vlan.vlanId
    if isinstance(e, vim.event.GeneralEvent):
        out["generalMessage"] = e.message
    return out


def by_entity(entity, recursion):
    return vim.event.EventFilterSpec(entity=vim.event.EventFilterSpec.ByEntity(entity=entity, recursion=recursion))
