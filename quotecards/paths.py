"""Where the shipped folders are: ``fonts/`` and ``templates/`` stand beside the package in a
checkout (the layout the project fixes) and are packed inside it, as ``quotecards/_fonts`` and
``quotecards/_templates``, in a wheel (see ``[tool.setuptools]`` in pyproject.toml)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def shipped(folder: str) -> Path:
    checkout = _PACKAGE.parent / folder
    return checkout if checkout.is_dir() else _PACKAGE / f"_{folder}"
