"""Helpers for tests that start servers of their own (nginx, gunicorn) on 127.0.0.1."""

from __future__ import annotations

import itertools
import os
import socket
from pathlib import Path

_BLOCK = 400
_calls = itertools.count()


def _ephemeral_low() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def reserve_port() -> int:
    """A free port for a server a test starts.

    Not a port the kernel hands out for `bind(0)`: a live server of the other xdist worker could
    take that one between our check and the server's own bind, and the test would then talk to
    the wrong server. These come from below the kernel's ephemeral range, from a block of their
    own for each xdist worker, a new one at each call. A second test session on the same machine
    takes other blocks with TOASOAN_TEST_PORT_BLOCKS (e.g. 4: its workers use blocks 4 and 5).
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker[2:]) if worker[2:].isdigit() else 0
    index += int(os.environ.get("TOASOAN_TEST_PORT_BLOCKS", "0") or 0)
    start = max(1024, _ephemeral_low() - (index + 1) * _BLOCK)
    for _ in range(_BLOCK):
        port = start + next(_calls) % _BLOCK
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {start}–{start + _BLOCK - 1}")
