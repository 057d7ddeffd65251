"""The reading corpus (tests/corpus/): pass rate, misattributions, false speakers, and the share
of sources with a line of their main speaker among the top 5 picks."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from corpus_truth import judge, truth_files


def main() -> None:
    verdicts = [judge(path) for path in truth_files()]
    if not verdicts:
        print("corpus: no files in tests/corpus/")
        return
    width = max(len(v.name) for v in verdicts)
    for v in verdicts:
        problems = (
            [v.error]
            if v.error
            else [v.layout_wrong] * bool(v.layout_wrong)
            + [f"misattributed {len(v.misattributed)}"] * bool(v.misattributed)
            + [f"false speakers {v.false_speakers}"] * bool(v.false_speakers)
            + [f"roles {v.wrong_roles}"] * bool(v.wrong_roles)
            + [f"junk {len(v.junk)}"] * bool(v.junk)
            + [f"unverified {len(v.unverified)}"] * bool(v.unverified)
            + [f"missing truth lines {len(v.missing_lines)}"] * bool(v.missing_lines)
        )
        status = "pass" if v.passed else "FAIL " + "; ".join(problems)
        if v.pending and not v.passed and v.read_right:
            status = f"pending ({v.pending.split(':')[0]}): " + "; ".join(problems)
        print(f"{v.name:<{width}}  main in top 5: {'yes' if v.main_in_top5 else 'no ':3}  {status}")
    n = len(verdicts)
    print(
        f"corpus: {sum(v.passed for v in verdicts)}/{n} files pass; "
        f"misattributions {sum(len(v.misattributed) for v in verdicts)} (aim 0); "
        f"false speakers {sum(len(v.false_speakers) for v in verdicts)} (aim 0); "
        f"main speaker's line in the top 5: {sum(v.main_in_top5 for v in verdicts)}/{n}"
    )


if __name__ == "__main__":
    main()
