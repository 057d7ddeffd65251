"""Builds on a Dask cluster: a real scheduler and real worker processes started here (no mock),
the same zip, byte for byte, as a local build, a worker killed mid-build, the cache used the same
way, HTML cards painted in a browser per worker, and ``--scheduler local:N``."""

from __future__ import annotations

import hashlib
import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from quotecards.bundle.build import build
from quotecards.bundle.project import load_project

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "quotecards" / "samples" / "bridge-inspector.txt"


def _project(folder: Path, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bridge.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    path = folder / "quotecards.toml"
    path.write_text(
        f'sources = ["bridge.txt"]\ntop = 5\nformat = "all"\ntheme = ["classic", "bold"]\n{extra}',
        encoding="utf-8",
    )
    return path


def _zip_sha(folder: Path) -> str:
    return hashlib.sha256((folder / "output" / "cards" / "cards.zip").read_bytes()).hexdigest()


def _bundle(folder: Path) -> dict[str, bytes]:
    bundle = folder / "output" / "cards"
    return {
        p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()
    }


class Cluster:
    """A Dask scheduler and worker processes, each a process of its own (``dask scheduler``,
    ``dask worker --no-nanny``: a worker killed stays dead)."""

    def __init__(self, folder: Path, workers: int) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.file = folder / "scheduler.json"
        self.log = (folder / "cluster.log").open("wb")
        self.scheduler = subprocess.Popen(
            [
                *(sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1"),
                *("--port", "0", "--no-dashboard"),
                *("--scheduler-file", str(self.file)),
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while not self.file.exists() or not self.file.read_text():
            assert self.scheduler.poll() is None, "the Dask scheduler did not start"
            assert time.monotonic() < deadline, "the Dask scheduler did not start in a minute"
            time.sleep(0.1)
        time.sleep(0.2)  # the file is written whole, but let it land
        self.address = json.loads(self.file.read_text())["address"]
        self.workers = [
            subprocess.Popen(
                [
                    *(sys.executable, "-m", "dask", "worker", self.address, "--no-nanny"),
                    *("--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"),
                ],
                stdout=self.log,
                stderr=subprocess.STDOUT,
                cwd=folder,
            )
            for _ in range(workers)
        ]
        from distributed import Client

        with Client(self.address, timeout="60s") as client:
            client.wait_for_workers(workers, timeout=120)

    def close(self) -> None:
        for process in [*self.workers, self.scheduler]:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in [*self.workers, self.scheduler]:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.log.close()


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    made = Cluster(tmp_path / "cluster", workers=2)
    try:
        yield made
    finally:
        made.close()


@pytest.fixture(scope="module")
def local_zip(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, bytes]]:
    folder = tmp_path_factory.mktemp("local")
    result = build(load_project(_project(folder)), jobs=1)
    assert result.status == "built" and not result.failed
    return _zip_sha(folder), _bundle(folder)


def test_a_build_on_the_cluster_survives_a_worker_killed_mid_build_and_makes_the_same_zip(
    cluster: Cluster, tmp_path: Path, local_zip: tuple[str, dict[str, bytes]]
) -> None:
    folder = tmp_path / "remote"
    project = load_project(_project(folder, f'scheduler = "{cluster.address}"\n'))
    assert project.scheduler == cluster.address
    victim = cluster.workers[0]
    landed: list[int] = []

    def progress(done: int, total: int, _outcome: object) -> None:
        landed.append(done)
        if done == 2:  # mid-build: most cards are still to come
            victim.send_signal(signal.SIGKILL)
            victim.wait(timeout=30)

    result = build(project, progress=progress)
    assert victim.returncode == -signal.SIGKILL
    assert result.status == "built" and not result.failed
    assert len(result.rendered) == result.cards == 60 == len(landed)
    assert _zip_sha(folder) == local_zip[0]
    assert _bundle(folder) == local_zip[1]

    # The cache is used the same way: nothing is sent to the cluster the second time.
    again = build(project)
    assert again.status == "unchanged" and again.rendered == ()


def test_the_command_line_builds_on_a_local_cluster_with_progress(
    tmp_path: Path, local_zip: tuple[str, dict[str, bytes]]
) -> None:
    folder = tmp_path / "trial"
    _project(folder)
    done = subprocess.run(
        [
            *(sys.executable, "-c", "import sys, quotecards.cli as c; sys.exit(c.main())"),
            *("build", "--scheduler", "local:2"),
        ],
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "rendered 60/60" in done.stderr
    assert _zip_sha(folder) == local_zip[0]


def test_html_cards_are_painted_in_one_browser_per_worker_and_match_a_local_build(
    cluster: Cluster, tmp_path: Path
) -> None:
    html = 'renderer = "html"\nformat = ["square", "og"]\n'
    local, remote = tmp_path / "local", tmp_path / "remote"
    for folder, extra in ((local, ""), (remote, f'scheduler = "{cluster.address}"\n')):
        folder.mkdir()
        (folder / "bridge.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
        (folder / "quotecards.toml").write_text(
            f'sources = ["bridge.txt"]\ntop = 2\ntheme = "classic"\n{html}{extra}',
            encoding="utf-8",
        )
        result = build(load_project(folder / "quotecards.toml"))
        assert result.status == "built" and not result.failed, result.failed
    assert _zip_sha(local) == _zip_sha(remote)
    # The plugin is removed at the end of the build, and with it every worker's browser.
    from distributed import Client

    from quotecards.bundle.distributed import PLUGIN
    from quotecards.render.browser import survivors

    with Client(cluster.address) as client:
        plugins = client.run(lambda dask_worker: list(dask_worker.plugins))
        assert plugins and all(PLUGIN not in names for names in plugins.values())
        assert all(pids == [] for pids in client.run(survivors).values())


def test_a_scheduler_that_is_not_an_address_is_one_line_naming_the_fix(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    _project(folder)
    done = subprocess.run(
        [
            *(sys.executable, "-c", "import sys, quotecards.cli as c; sys.exit(c.main())"),
            *("build", "--scheduler", "my-cluster"),
        ],
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "tcp://HOST:8786" in done.stderr and "local:N" in done.stderr
