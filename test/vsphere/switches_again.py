"""Applies the reconfigured setting to a port group again (a second run of the same play); prints what reads back.

usage: /usr/bin/python3 switches_again.py PORT USER PASSWORD PORTGROUP
"""
from vdsim_api import args, connect, emit, find, vim, wait
from switches_common import read_portgroup, reconfigured_setting

(pg_name,) = args()
content = connect().RetrieveContent()
pg = find(content, vim.dvs.DistributedVirtualPortgroup, pg_name)
task = pg.ReconfigureDVPortgroup_Task(vim.dvs.DistributedVirtualPortgroup.ConfigSpec(configVersion=pg.config.configVersion, defaultPortConfig=reconfigured_setting()))
wait(task)
emit({"state": task.info.state, "portgroup": read_portgroup(pg)})
