"""Waits (up to 30 s) for a HostConnectionLostEvent then a HostReconnectionFailedEvent naming the host given, as a monitoring script polls QueryEvents.

Args: HOST. Prints the event's key, chainId, userName, message and host.
"""
import time

from vdsim_api import args, connect, emit, vim


def main():
    host = args()[0]
    em = connect().RetrieveContent().eventManager
    spec = vim.event.EventFilterSpec(eventTypeId=["HostConnectionLostEvent"])
    failed_spec = vim.event.EventFilterSpec(eventTypeId=["HostReconnectionFailedEvent"])
    deadline = time.time() + 30
    while time.time() < deadline:
        lost = [e for e in em.QueryEvents(spec) if e.host.name == host]
        failed = [e for e in em.QueryEvents(failed_spec) if e.host.name == host]
        if lost and failed:
            e = lost[0]
            emit({"key": e.key, "chainId": e.chainId, "user": e.userName, "message": e.fullFormattedMessage, "host": e.host.host._moId,
                  "latest": em.latestEvent.key, "reconnectFailed": failed[0].fullFormattedMessage})
            return
        time.sleep(0.2)
    raise TimeoutError("no HostConnectionLostEvent and HostReconnectionFailedEvent for %s" % host)


main()
