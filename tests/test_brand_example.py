"""The example brand kit works as the README says: its logo files ship beside it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
KIT = ROOT / "templates" / "brand.example.toml"
SAMPLE = ROOT / "quotecards" / "samples" / "bridge-inspector.txt"


def render(out: Path, *extra: str) -> Image.Image:
    command = [sys.executable, "-m", "quotecards", "render", str(SAMPLE), "--top", "1"]
    command += ["--format", "square", "--theme", "classic", "--out", str(out), *extra]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    (card,) = out.glob("*.png")
    return Image.open(card).convert("RGB")


def test_the_example_brand_kit_renders_with_its_logo_in_the_footer(tmp_path: Path):
    plain = render(tmp_path / "plain")
    branded = render(tmp_path / "branded", "--brand", str(KIT))
    footer = (0, int(plain.height * 0.7), plain.width // 2, plain.height)

    # The logo's ink is a dark blue (#111827); the classic theme's text is a warm near-black.
    def logo_ink(image: Image.Image) -> int:
        data = image.crop(footer).tobytes()
        return sum(1 for r, b in zip(data[0::3], data[2::3], strict=True) if b < 90 and b - r > 12)

    assert logo_ink(plain) == 0
    assert logo_ink(branded) > 500
