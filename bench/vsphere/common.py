"""What the benchmark's pyVmomi scripts share: connecting, and recording the SOAP bodies sent.

Each script takes PORT USER PASSWORD first (the server on 127.0.0.1, self-signed certificate)
and prints JSON on stdout; a failure is a traceback on stderr and a non-zero exit.
"""
import json
import ssl
import sys

from pyVim.connect import SmartConnect
from pyVmomi import vim, vmodl  # noqa: F401 (re-exported for the scripts)


def connect():
    port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    context = ssl._create_unverified_context()
    return SmartConnect(host="127.0.0.1", port=port, user=user, pwd=password, sslContext=context)


def args():
    """The script's own arguments, after PORT USER PASSWORD."""
    return sys.argv[4:]


class Recorder:
    """Keeps the last body pyVmomi sent for each method, as it went on the wire (the plain
    HTTPS client of the benchmark posts the same bytes)."""

    def __init__(self, si):
        self.bodies = {}
        stub = si._stub
        self.soap_action = stub.versionId
        stub.requestModifierList.append(self._keep)

    def _keep(self, req):
        text = req.decode("utf-8") if isinstance(req, bytes) else req
        start = text.find("<soapenv:Body>")
        if start >= 0:
            method = text[start + len("<soapenv:Body>"):].lstrip("<").split(" ", 1)[0].split(">", 1)[0]
            self.bodies[method] = text
        return req


def emit(out):
    print(json.dumps(out, sort_keys=True, default=str), flush=True)
