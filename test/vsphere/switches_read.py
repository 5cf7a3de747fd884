"""Reads a distributed port group through the vSphere API (what a change made elsewhere looks like).

usage: /usr/bin/python3 switches_read.py PORT USER PASSWORD PORTGROUP
"""
from vdsim_api import args, connect, emit, find, vim
from switches_common import read_portgroup

(pg_name,) = args()
content = connect().RetrieveContent()
emit(read_portgroup(find(content, vim.dvs.DistributedVirtualPortgroup, pg_name)))
