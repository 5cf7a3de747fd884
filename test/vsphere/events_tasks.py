"""A TaskHistoryCollector listing the finished tasks of a VM.

usage: events_tasks.py PORT USER PASSWORD VM
"""
from vdsim_api import args, connect, emit, fault_of, find, vim

(vm_name,) = args()
si = connect()
content = si.RetrieveContent()
vm = find(content, vim.VirtualMachine, vm_name)
tm = content.taskManager
spec = vim.TaskFilterSpec(entity=vim.TaskFilterSpec.ByEntity(entity=vm, recursion="self"), state=["success"])
collector = tm.CreateCollectorForTasks(spec)
info = lambda ts: [{"name": t.descriptionId, "entity": t.entity.name, "state": t.state, "eventChainId": t.eventChainId} for t in ts or []]  # noqa: E731
page = info(collector.latestPage)
collector.RewindCollector()
forward = info(collector.ReadNextTasks(10))
back = info(collector.ReadPreviousTasks(10))
everything = tm.CreateCollectorForTasks(vim.TaskFilterSpec())
count = len(everything.latestPage or [])
collector.DestroyCollector()
emit({"page": page, "forward": forward, "back": back, "all": count, "destroyed": fault_of(collector.ReadNextTasks, 1)})
