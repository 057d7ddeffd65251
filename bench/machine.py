"""The machine a benchmark ran on and how busy it was, printed with every measurement: on a
shared machine a number means little without its load.

    .venv/bin/python bench/machine.py
"""

from __future__ import annotations

import os
import platform
from pathlib import Path


def model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def load() -> str:
    """The load averages over 1, 5 and 15 minutes, as ``uptime`` prints them."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "load unknown"
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def describe() -> str:
    """``machine: 2 cores (AMD EPYC), x86_64, Python 3.11.2; load 1.03 0.89 0.41``."""
    return (
        f"machine: {os.cpu_count()} cores ({model()}), {platform.machine()}, "
        f"Python {platform.python_version()}; {load()}"
    )


def cpu_seconds() -> float:
    """CPU time of this process and of every child it waited for (a browser, workers): on a
    busy machine, a steadier measure of the work than wall time."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    print(describe())
