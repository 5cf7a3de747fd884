"""What the VM scripts share: building a vNIC spec, reading a VM's vNICs back, describing a fault."""
from vdsim_api import find, vim


def nic_spec(kind, backing):
    """A VirtualDeviceSpec adding a vNIC of `kind` (VirtualVmxnet3, VirtualE1000) on `backing`."""
    device = getattr(vim.vm.device, kind)()
    device.key = -1
    device.backing = backing
    device.connectable = vim.vm.device.VirtualDevice.ConnectInfo(startConnected=True, allowGuestControl=True, connected=True)
    device.addressType = "assigned"
    spec = vim.vm.device.VirtualDeviceSpec()
    spec.operation = vim.vm.device.VirtualDeviceSpec.Operation.add
    spec.device = device
    return spec


def dvs_backing(content, portgroup_name, switch_uuid=None, portgroup_key=None):
    pg = find(content, vim.dvs.DistributedVirtualPortgroup, portgroup_name)
    backing = vim.vm.device.VirtualEthernetCard.DistributedVirtualPortBackingInfo()
    backing.port = vim.dvs.PortConnection(
        switchUuid=switch_uuid or pg.config.distributedVirtualSwitch.uuid,
        portgroupKey=portgroup_key or pg.key,
    )
    return backing


def network_backing(name):
    return vim.vm.device.VirtualEthernetCard.NetworkBackingInfo(deviceName=name)


def nics_of(vm):
    out = []
    for d in vm.config.hardware.device:
        if not isinstance(d, vim.vm.device.VirtualEthernetCard):
            continue
        b = d.backing
        if isinstance(b, vim.vm.device.VirtualEthernetCard.DistributedVirtualPortBackingInfo):
            backing = {"switchUuid": b.port.switchUuid, "portgroupKey": b.port.portgroupKey, "portKey": b.port.portKey}
        else:
            backing = {"deviceName": b.deviceName, "network": b.network.name if b.network else None}
        out.append({
            "type": type(d).__name__.split(".")[-1],
            "key": d.key,
            "label": d.deviceInfo.label,
            "macAddress": d.macAddress,
            "addressType": d.addressType,
            "startConnected": d.connectable.startConnected,
            "connected": d.connectable.connected,
            "backing": backing,
        })
    return out


def fault_info(err):
    """A fault as a test compares it: its type, its invalidProperty (InvalidArgument), its messages."""
    info = {"fault": type(err).__name__.split(".")[-1], "msg": getattr(err, "msg", "")}
    if hasattr(err, "invalidProperty"):
        info["invalidProperty"] = getattr(err, "invalidProperty", None)
    if getattr(err, "faultMessage", None):
        info["faultMessage"] = [m.message for m in err.faultMessage]
    for name in ("name", "atSourceHost", "failedHost", "device", "backing"):
        if hasattr(err, name) and getattr(err, name) is not None:
            info[name] = getattr(err, name)
    obj = getattr(err, "object", None)
    if obj is not None:
        info["object"] = obj.name
    return info
