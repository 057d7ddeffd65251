"""Chromium reaches no network on an HTML run: no name is looked up, no connection leaves the
machine.  Watched with strace on a real run of the real browser (`make test` installs Debian's
strace where it is missing).

Chromium's IPv6 reachability check ``connect``s a UDP socket to a public address and sends
nothing on it (a routing-table query, no packet leaves); it is allowed only while nothing is
ever sent on such a socket.
"""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quotecards.themes import load_themes
from tests.conftest import ROOT, SAMPLE

STRACE = shutil.which("strace")
BROWSERS = ["default"] + [
    path
    for path in ("/usr/bin/chromium", "/usr/bin/chromium-headless-shell")
    if Path(path).exists()
]
_CONNECT = re.compile(
    r"connect\(\d+<(?P<kind>[A-Za-z0-9]+):[^>]*>, \{sa_family=(?P<family>AF_INET6?|AF_UNIX)"
    r"(?:, sin6?_port=htons\((?P<port>\d+)\))?(?P<rest>[^}]*)\}"
)
_ADDRESS = re.compile(r'inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)"')
# A send on a socket strace describes with its peer: "<UDPv6:[a:1->[2001:db8::1]:443]>".
_SEND = re.compile(r"(?:sendto|sendmsg|sendmmsg|write)\(\d+<(?:UDP|TCP)v?6?:\[[^>]*->([^>]*)\]>")
_RESOLVER_SOCKETS = ("/var/run/nscd/socket", "/run/nscd/socket", "/run/systemd/resolve/")


def outside(address: str) -> bool:
    """Whether an address (``10.0.0.1``, ``10.0.0.1:53``, ``[::1]:9``) is past the loopback."""
    host = address
    if address.startswith("["):
        host = address[1 : address.index("]")]
    elif address.count(":") == 1:
        host = address.split(":")[0]
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


def leaks(trace: str) -> list[str]:
    """Every line of an strace log that looks a name up or reaches past the loopback."""
    found = []
    for line in trace.splitlines():
        if match := _CONNECT.search(line):
            if match["family"] == "AF_UNIX":
                if any(path in line for path in _RESOLVER_SOCKETS):
                    found.append(line)
                continue
            address = _ADDRESS.search(match["rest"])
            host = (address[1] or address[2]) if address else ""
            if match["port"] == "53" or (outside(host) and not match["kind"].startswith("UDP")):
                found.append(line)
        elif (sent := _SEND.search(line)) and outside(sent[1]):
            found.append(line)
    return found


@pytest.mark.skipif(STRACE is None, reason="strace is not installed (make test installs it)")
@pytest.mark.parametrize("browser", BROWSERS)
def test_an_html_run_looks_up_no_name_and_connects_nowhere(tmp_path: Path, browser: str):
    log = tmp_path / "strace.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if browser != "default":
        env["QUOTECARDS_CHROMIUM"] = browser
    done = subprocess.run(
        [
            STRACE, "-f", "-qq", "-yy", "-o", str(log),
            "-e", "trace=connect,sendto,sendmsg,sendmmsg,write",
            sys.executable, "-m", "quotecards", "render", str(SAMPLE), "--renderer", "html",
            "--top", "2", "--format", "square,og", "--theme", "all",
            "--out", str(tmp_path / "cards"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "cards").glob("*.png"))) == 2 * 2 * len(load_themes())
    assert leaks(log.read_text(errors="replace")) == []


def test_the_watch_catches_a_lookup_and_a_connection():
    # The same rules on lines strace writes for what the browser used to do.
    assert (
        len(
            leaks(
                "7 connect(112<UDP:[99]>, {sa_family=AF_INET, sin_port=htons(53), "
                'sin_addr=inet_addr("10.255.255.53")}, 16) = 0\n'
                "7 connect(24<TCPv6:[98]>, {sa_family=AF_INET6, sin6_port=htons(443), "
                'sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2607:f8b0::200e", &sin6_addr), '
                "sin6_scope_id=0}, 28) = -1 EINPROGRESS\n"
                '7 sendto(25<UDPv6:[[::]:5->[2001:4860:4860::8888]:443]>, "x", 1, 0, NULL, 0) = 1\n'
                "7 connect(9<UNIX:[97]>, {sa_family=AF_UNIX, "
                'sun_path="/var/run/nscd/socket"}, 110)\n'
            )
        )
        == 4
    )
    assert (
        leaks(
            "7 connect(26<UDPv6:[1]>, {sa_family=AF_INET6, sin6_port=htons(443), "
            'sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:4860:4860::8888", &sin6_addr), '
            "sin6_scope_id=0}, 28) = 0\n"
            "7 connect(5<TCP:[2]>, {sa_family=AF_INET, sin_port=htons(9), "
            'sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED\n'
        )
        == []
    )
