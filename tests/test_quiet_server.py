"""The server calls nobody: started as the README starts it (`streamlit run app.py` with the
project's .streamlit/config.toml, headless as on a machine with no display), it opens no
connection to, and looks up no name of, anything but this machine, at start or while serving.

A Python audit hook in the server's own process records every ``socket.connect`` and
``socket.getaddrinfo``: that sees what Streamlit and every library under it ask for, whether or
not the machine has a network to answer.
"""

from __future__ import annotations

import ipaddress
import json
import os
import sys

import pytest

from tests.browser import free_port, start_server, wait_for_server

pytestmark = pytest.mark.browser

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'

# Runs in the server's process before Streamlit is imported; os.write on a raw descriptor
# because opening or printing from inside a hook would raise audit events of its own.
AUDITED_STREAMLIT = """
import json, os, sys
log = os.open(os.environ["AUDIT_LOG"], os.O_WRONLY | os.O_CREAT | os.O_APPEND)

def hook(event, args):
    if event == "socket.connect":
        address = args[1]
    elif event == "socket.getaddrinfo":
        address = args[0]
    else:
        return
    if isinstance(address, bytes):
        address = address.decode(errors="replace")
    if isinstance(address, tuple):
        address = address[0]
    os.write(log, (json.dumps([event, address]) + "\\n").encode())

sys.addaudithook(hook)
import socket
socket.getaddrinfo("127.0.0.1", 9)  # a loopback canary: proves the hook sees look-ups
from streamlit.web.cli import main
sys.argv = ["streamlit", *sys.argv[1:]]
main()
"""

# getaddrinfo(None or a wildcard) is how a server finds what to listen on, not a look-up of a peer.
LISTEN_WILDCARDS = {None, "", "0.0.0.0", "::"}


def is_loopback(address: object) -> bool:
    if address in LISTEN_WILDCARDS or address == "localhost":
        return True
    if isinstance(address, str) and address.startswith("/"):
        return True  # a Unix socket path never leaves the machine
    try:
        return ipaddress.ip_address(str(address)).is_loopback
    except ValueError:
        return False


def test_the_server_started_as_the_readme_says_calls_only_this_machine(tmp_path, offline_page):
    log = tmp_path / "audit.jsonl"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["AUDIT_LOG"] = str(log)
    # The README's `streamlit run app.py`, plus a free port and the headless mode a display-less
    # machine gets anyway; nothing that touches the network is set here, only in config.toml.
    command = [sys.executable, "-c", AUDITED_STREAMLIT, "run", "app.py",
               f"--server.port={port}", "--server.headless=true"]  # fmt: skip
    output_log = tmp_path / "streamlit.log"
    server = start_server(command, env=env, log=output_log)
    url = f"http://localhost:{port}/"
    try:
        wait_for_server(server, url, log=output_log, seconds=60)
        page = offline_page.page
        page.goto(url)
        frame = page.wait_for_selector(MAP_FRAME, timeout=90_000).content_frame()
        frame.wait_for_selector("path.leaflet-interactive", state="attached", timeout=60_000)
    finally:
        server.terminate()
        server.wait(timeout=15)
    output = output_log.read_text(encoding="utf-8", errors="replace")

    recorded = [json.loads(line) for line in log.read_text().splitlines()]
    assert ["socket.getaddrinfo", "127.0.0.1"] in recorded, "the hook did not see the canary"
    outside = sorted({f"{event} {address}" for event, address in recorded if not is_loopback(address)})
    assert outside == [], f"the server reached beyond this machine: {outside}\n{output[-1500:]}"
    assert "external IP" not in output
    assert offline_page.blocked == []
