"""Migrates a VM with MigrateVM_Task or RelocateVM_Task and follows the task's progress.

usage: vms_migrate.py PORT USER PASSWORD VM HOST migrate|relocate
prints the progress values seen, the task's end, eventChainId, and runtime.host after.
"""
import time

from vdsim_api import args, connect, emit, find, vim
from vms_common import fault_info

vm_name, host_name, how = args()
si = connect()
content = si.RetrieveContent()
vm = find(content, vim.VirtualMachine, vm_name)
host = find(content, vim.HostSystem, host_name)
if how == "migrate":
    task = vm.MigrateVM_Task(host=host, priority=vim.VirtualMachine.MovePriority.highPriority)
else:
    task = vm.RelocateVM_Task(spec=vim.vm.RelocateSpec(host=host, pool=vm.resourcePool), priority="defaultPriority")
progress, states = [], []
deadline = time.time() + 120
while True:
    info = task.info
    if not states or states[-1] != info.state:
        states.append(info.state)
    if info.progress is not None and (not progress or progress[-1] != info.progress):
        progress.append(info.progress)
    if info.state in ("success", "error") or time.time() > deadline:
        break
    time.sleep(0.03)
emit({
    "task": info.descriptionId,
    "name": info.name,
    "states": states,
    "progress": progress,
    "result": None if info.result is None else str(info.result),
    "error": fault_info(info.error) if info.error else None,
    "eventChainId": info.eventChainId,
    "entity": info.entity.name,
    "host": vm.runtime.host.name,
})
