"""Lists every distributed port group with its VLAN; with PORTGROUP VLAN, sets that port group's VLAN.

usage: eval "$(npx vdsim vsphere env)" && /usr/bin/python3 examples/pyvmomi/portgroups.py [PORTGROUP VLAN]
"""
import os
import ssl
import sys

from pyVim.connect import SmartConnect
from pyVim.task import WaitForTask
from pyVmomi import vim

si = SmartConnect(host=os.environ["VMWARE_HOST"], port=int(os.environ["VMWARE_PORT"]), user=os.environ["VMWARE_USER"],
                  pwd=os.environ["VMWARE_PASSWORD"], sslContext=ssl._create_unverified_context())
content = si.RetrieveContent()
view = content.viewManager.CreateContainerView(content.rootFolder, [vim.dvs.DistributedVirtualPortgroup], True)
for pg in view.view:
    if sys.argv[1:2] == [pg.name]:
        vlan = vim.dvs.VmwareDistributedVirtualSwitch.VlanIdSpec(vlanId=int(sys.argv[2]))
        spec = vim.dvs.DistributedVirtualPortgroup.ConfigSpec(configVersion=pg.config.configVersion,
                                                              defaultPortConfig=vim.dvs.VmwareDistributedVirtualSwitch.VmwarePortConfigPolicy(vlan=vlan))
        WaitForTask(pg.ReconfigureDVPortgroup_Task(spec))
    vlan = pg.config.defaultPortConfig.vlan
    print(pg.config.distributedVirtualSwitch.name, pg.name, pg.key,
          vlan.vlanId if isinstance(vlan.vlanId, int) else "trunk " + ",".join("%d-%d" % (r.start, r.end) for r in vlan.vlanId))
