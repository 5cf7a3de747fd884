"""QueryEvents of the given types (the latest first), through pyVmomi's strict deserializer.

usage: events_types.py PORT USER PASSWORD TYPE...
"""
from vdsim_api import args, connect, emit, vim
from events_common import event_info

si = connect()
em = si.RetrieveContent().eventManager
spec = vim.event.EventFilterSpec(type=[getattr(vim.event, t) for t in args()])
emit({"events": [event_info(e) for e in em.QueryEvents(spec) or []]})
