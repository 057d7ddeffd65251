"""How long extracting the text of a Word file, a saved web page and a podcast transcript takes.

    .venv/bin/python bench/bench_documents.py

The corpus's files, plus a Word Q&A of 400 turns (about 120 KB of text) and a news page whose
body is repeated forty times, written here; best and median of five runs each.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import docx

from quotecards.ingest.extract import read

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"


def _large(folder: Path) -> list[Path]:
    document = docx.Document()
    for index in range(400):
        paragraph = document.add_paragraph()
        paragraph.add_run("Ann Lee:" if index % 2 == 0 else "Bo Chen:").bold = True
        paragraph.add_run(
            f" Sentence {index} says something about rivers, bridges and the people who keep "
            "them standing. " * 3
        )
    document.save(folder / "large.docx")
    page = (CORPUS / "web-ferry-drills.html").read_text(encoding="utf-8")
    body = page.split('<div class="story-body">')[1].split("</div>")[0]
    (folder / "large.html").write_text(page.replace(body, body * 40), encoding="utf-8")
    return [folder / "large.docx", folder / "large.html"]


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        files = [
            path
            for pattern in ("docx-*.docx", "web-*.html", "podcast-*.json", "podcast-*.html")
            for path in sorted(CORPUS.glob(pattern))
        ] + _large(Path(folder))
        read(files[0], files[0].read_bytes())  # the libraries' import is not the extraction
        for path in files:
            data = path.read_bytes()
            times = []
            for _ in range(5):
                start = time.perf_counter()
                text = read(path, data).text
                times.append(time.perf_counter() - start)
            best, median = min(times) * 1000, statistics.median(times) * 1000
            print(
                f"{path.name:30} {len(data) / 1024:6.1f} KB -> {len(text) / 1024:6.1f} KB of text"
                f"  best {best:6.1f} ms  median {median:6.1f} ms"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
