"""Every file of the reading corpus (tests/corpus/) read and judged against its truth file."""

from __future__ import annotations

import pytest
from corpus_truth import judge, truth_files

FILES = truth_files()


@pytest.mark.parametrize("truth", FILES, ids=[p.name.removesuffix(".truth.toml") for p in FILES])
def test_corpus_file_reads_with_every_line_given_to_who_said_it(truth):
    verdict = judge(truth)
    assert not verdict.error, verdict.error
    assert not verdict.layout_wrong, verdict.layout_wrong
    assert not verdict.missing_lines, f"truth lines not in the read text: {verdict.missing_lines}"
    assert not verdict.junk, f"annotation, label, timestamp or markup in a pick: {verdict.junk}"
    assert not verdict.unverified, verdict.unverified
    if verdict.pending and not verdict.passed:
        # Read right; who the speakers are named as waits on the work the truth file names.
        pytest.xfail(f"pending {verdict.pending}")
    assert not verdict.false_speakers, f"not speakers: {verdict.false_speakers}"
    assert not verdict.wrong_roles, verdict.wrong_roles
    assert not verdict.misattributed, verdict.misattributed
    assert not verdict.junk, f"annotation, label, timestamp or markup in a pick: {verdict.junk}"
    assert not verdict.unverified, verdict.unverified
