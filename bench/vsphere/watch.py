"""A WaitForUpdatesEx watcher on one property of one object, driven line by line on stdin, so
that the benchmark can time a change made elsewhere until pyVmomi hands it to the script.

usage: watch.py PORT USER PASSWORD TYPE MOID PROPERTY
First prints {"setup": {...the CreateFilter and WaitForUpdatesEx bodies sent, "value"}}. Then, for
each line "next" read on stdin: prints {"ready": version}, waits (WaitForUpdatesEx) until the
property changes and prints {"seen_ns": CLOCK_MONOTONIC in ns (a string, kept exact), "value": ...}. The benchmark's
clock (process.hrtime) is the same CLOCK_MONOTONIC, so it subtracts its own reading taken when it
made the change. "quit" or end of input destroys the filter and exits.
"""
import sys
import time

from common import Recorder, args, connect, emit, vim, vmodl

WAIT_SECONDS = 30


def value_of(update_set, prop):
    """The property's new value in an update set, or None when it does not carry it."""
    for f in update_set.filterSet or []:
        for o in f.objectSet or []:
            for change in o.changeSet or []:
                if change.name == prop:
                    return change.val
    return None


def main():
    kind, moid, prop = args()[0], args()[1], args()[2]
    si = connect()
    recorder = Recorder(si)
    content = si.RetrieveContent()
    cls = getattr(vim, kind)
    obj = cls(moid, si._stub)
    collector = content.propertyCollector
    spec = vmodl.query.PropertyCollector.FilterSpec(
        objectSet=[vmodl.query.PropertyCollector.ObjectSpec(obj=obj, skip=False)],
        propSet=[vmodl.query.PropertyCollector.PropertySpec(type=cls, pathSet=[prop], all=False)],
    )
    pc_filter = collector.CreateFilter(spec, partialUpdates=False)
    options = vmodl.query.PropertyCollector.WaitOptions(maxWaitSeconds=WAIT_SECONDS)
    first = collector.WaitForUpdatesEx("", options)
    version = first.version
    emit({"setup": {"create_filter": recorder.bodies["CreateFilter"], "wait": recorder.bodies["WaitForUpdatesEx"], "soap_action": recorder.soap_action, "filter": pc_filter._moId, "value": value_of(first, prop)}})
    for line in sys.stdin:
        if line.strip() != "next":
            break
        emit({"ready": version})
        while True:
            update = collector.WaitForUpdatesEx(version, options)
            if update is None:
                continue
            version = update.version
            value = value_of(update, prop)
            if value is not None:
                emit({"seen_ns": str(time.monotonic_ns()), "value": str(value) if isinstance(value, str) else type(value).__name__})
                break
    pc_filter.Destroy()


main()
