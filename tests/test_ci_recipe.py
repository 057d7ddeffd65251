"""The example GitHub Actions workflow runs as written: its ``run:`` steps, in order, on a
temporary project, in a fresh virtual environment, installing quotecards from a git ref with the
constraints file, as a runner would (only the repository the ref points into is this one)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE

RECIPE = ROOT / "examples" / "github-actions"
WORKFLOW = RECIPE / "quotecards-bundle.yml"


def steps() -> tuple[dict[str, str], list[dict[str, str]]]:
    yaml = pytest.importorskip("yaml")
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return workflow["env"], workflow["jobs"]["bundle"]["steps"]


def pypi_reachable() -> bool:
    try:
        urllib.request.urlopen("https://pypi.org/simple/pip/", timeout=5).close()
    except OSError:
        return False
    return True


def test_the_constraints_pin_what_changes_a_cards_bytes():
    pins = dict(
        line.split("==")
        for line in (RECIPE / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    assert {"pillow", "jinja2", "playwright"} <= set(pins)
    from importlib.metadata import version

    assert pins["pillow"] == version("pillow")  # the versions this suite passes with


def test_the_workflow_pins_its_install_and_its_cache_key_hashes_the_constraints():
    env, all_steps = steps()
    assert env["QUOTECARDS"].startswith("git+https://") and env["QUOTECARDS"].rsplit("@", 1)[1]
    setup = next(s for s in all_steps if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["cache-dependency-path"] == ".github/quotecards-constraints.txt"
    cache = next(s for s in all_steps if s.get("uses", "").startswith("actions/cache"))
    assert "'.github/quotecards-constraints.txt'" in cache["with"]["key"]
    install = next(s["run"] for s in all_steps if "pip install" in s.get("run", ""))
    assert "--constraint .github/quotecards-constraints.txt" in install


def run_steps(
    all_steps: list[dict[str, str]], project: Path, env: dict[str, str], event: str
) -> list[subprocess.CompletedProcess[str]]:
    done = []
    for step in all_steps:
        if "run" not in step:
            continue
        condition = step.get("if", "")
        if "pull_request" in condition and (
            event != "pull_request" or not (project / "output/cards/manifest.json").exists()
        ):
            continue
        result = subprocess.run(
            ["bash", "-e", "-c", step["run"]],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert result.returncode == 0, (step.get("name"), result.stdout, result.stderr)
        done.append(result)
    return done


def test_the_workflows_steps_run_as_written_on_a_temporary_project(tmp_path: Path):
    if not pypi_reachable():
        pytest.skip("the install step needs the Python package index, which is not reachable")
    _, all_steps = steps()
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    project = tmp_path / "desk"
    (project / ".github").mkdir(parents=True)
    shutil.copyfile(RECIPE / "constraints.txt", project / ".github/quotecards-constraints.txt")
    shutil.copyfile(SAMPLE, project / "interview.txt")
    (project / "quotecards.toml").write_text(
        'sources = ["interview.txt"]\ntop = 2\nformat = ["square", "og"]\n', encoding="utf-8"
    )
    venv = tmp_path / "runner"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    summary = tmp_path / "summary.md"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))},
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_STEP_SUMMARY": str(summary),
        # The one difference from a runner: the ref is this repository's, at its commit.
        "QUOTECARDS": f"git+file://{ROOT}@{head}",
    }

    run_steps(all_steps, project, env, "push")
    bundle = project / "output" / "cards"
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["assets"]) == 4
    assert "built, 4 cards" in summary.read_text(encoding="utf-8")

    # A pull request with the bundle committed: the check passes, the build changes nothing.
    run_steps(all_steps, project, env, "pull_request")
    assert json.loads((project / "build-summary.json").read_text())["status"] == "unchanged"
