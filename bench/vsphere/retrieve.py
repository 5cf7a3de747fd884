"""RetrievePropertiesEx of every VM (name, runtime.host, config.hardware.device) through a
container view, timed with pyVmomi: what a user's script sees, the wire and the deserializer.

usage: retrieve.py PORT USER PASSWORD ITERATIONS WARMUP
prints {"samples_ms": [...], "objects": N, "devices": N, "body": the last RetrievePropertiesEx
body sent, "soap_action", "view", "collector"}
"""
import time

from common import Recorder, args, connect, emit, vim, vmodl

PROPERTIES = ["name", "runtime.host", "config.hardware.device"]


def retrieve(collector, spec):
    """Every page: RetrievePropertiesEx, then ContinueRetrievePropertiesEx while a token comes back."""
    result = collector.RetrievePropertiesEx([spec], vmodl.query.PropertyCollector.RetrieveOptions())
    objects = list(result.objects) if result else []
    while result is not None and result.token:
        result = collector.ContinueRetrievePropertiesEx(result.token)
        objects.extend(result.objects)
    return objects


def main():
    iterations, warmup = int(args()[0]), int(args()[1])
    si = connect()
    recorder = Recorder(si)
    content = si.RetrieveContent()
    view = content.viewManager.CreateContainerView(content.rootFolder, [vim.VirtualMachine], True)
    traversal = vmodl.query.PropertyCollector.TraversalSpec(name="traverseView", type=vim.view.ContainerView, path="view", skip=False)
    spec = vmodl.query.PropertyCollector.FilterSpec(
        objectSet=[vmodl.query.PropertyCollector.ObjectSpec(obj=view, skip=True, selectSet=[traversal])],
        propSet=[vmodl.query.PropertyCollector.PropertySpec(type=vim.VirtualMachine, pathSet=PROPERTIES, all=False)],
    )
    collector = content.propertyCollector
    samples = []
    objects = []
    for i in range(warmup + iterations):
        t = time.perf_counter()
        objects = retrieve(collector, spec)
        ms = (time.perf_counter() - t) * 1000
        if i >= warmup:
            samples.append(ms)
    devices = 0
    for o in objects:
        for p in o.propSet:
            if p.name == "config.hardware.device":
                devices += len(p.val)
    body = recorder.bodies["RetrievePropertiesEx"]
    view.Destroy()
    emit({"samples_ms": samples, "objects": len(objects), "devices": devices, "body": body, "soap_action": recorder.soap_action, "view": view._moId, "collector": collector._moId})


main()
