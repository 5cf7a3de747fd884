"""Destroys port groups, then their switch, through the vSphere API.

usage: /usr/bin/python3 switches_destroy.py PORT USER PASSWORD SWITCH PORTGROUP...
"""
from vdsim_api import args, connect, emit, find, objects, vim, wait

name, *pgs = args()
content = connect().RetrieveContent()
dvs = find(content, vim.DistributedVirtualSwitch, name)
for pg_name in pgs:
    wait(find(content, vim.dvs.DistributedVirtualPortgroup, pg_name).Destroy_Task())
left = [p.name for p in objects(content, vim.dvs.DistributedVirtualPortgroup) if p.name in pgs]
wait(dvs.Destroy_Task())
emit({"portgroupsLeft": left, "switchGone": all(s.name != name for s in objects(content, vim.DistributedVirtualSwitch))})
