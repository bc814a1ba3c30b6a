"""Test-only: refuse every outside network connection from this Python process.

Put on PYTHONPATH (with DEMAND_NETGUARD=1) for servers and kernels started by the tests,
so a notebook or a server that tries to fetch something from the internet fails loudly.
Each refusal is appended to $DEMAND_NETGUARD_LOG, which the test harness reads.
"""
import os

import socket

if os.environ.get("DEMAND_NETGUARD") == "1" and not getattr(socket.socket.connect, "_demand_guard", False):
    import ipaddress

    def _allowed(address) -> bool:
        if not isinstance(address, tuple):  # AF_UNIX paths, abstract sockets
            return True
        host = str(address[0]).split("%")[0]
        if host in ("localhost", ""):
            return True
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            return False  # a host name nobody resolved to loopback
        return ip.is_loopback or ip.is_unspecified

    def _refuse(address):
        log = os.environ.get("DEMAND_NETGUARD_LOG")
        if log:
            try:
                with open(log, "a", encoding="utf-8") as fh:
                    fh.write(f"{os.getpid()} {address!r}\n")
            except OSError:
                pass
        raise ConnectionRefusedError(f"Outside connection to {address!r} refused: the workbook must work offline.")

    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex

    def connect(self, address):
        if not _allowed(address):
            _refuse(address)
        return _connect(self, address)

    def connect_ex(self, address):
        if not _allowed(address):
            _refuse(address)
        return _connect_ex(self, address)

    connect._demand_guard = connect_ex._demand_guard = True
    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
