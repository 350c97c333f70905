"""The seed as people read and type it, and a draw's progress per QCO."""

from __future__ import annotations

import pytest

from qa_app.sampling.draw import SEED_BITS, new_seed
from qa_app.sampling.draw_progress import DrawnSample, ReviewerProgress, reviewer_progress
from qa_app.sampling.seed_text import format_seed, parse_seed


@pytest.mark.parametrize(("seed", "text"), [
    (0, "0"), (999, "999"), (1000, "1 000"), (20261103, "20 261 103"),
    (2**48 - 1, "281 474 976 710 655"),
    (2**127 + 5, "170 141 183 460 469 231 731 687 303 715 884 105 733"),  # an older draw's
])
def test_a_seed_is_shown_in_groups_of_three_and_reads_back(seed: int, text: str) -> None:
    assert format_seed(seed) == text
    assert parse_seed(text) == seed


@pytest.mark.parametrize(("typed", "seed"), [
    ("20.261.103", 20261103), ("20,261,103", 20261103), (" 20_261-103 ", 20261103),
    ("20261103", 20261103), ("  ", None), ("", None),
])
def test_typing_accepts_the_usual_separators(typed: str, seed: int | None) -> None:
    assert parse_seed(typed) == seed


@pytest.mark.parametrize("typed", ["12a45", "1e6", "-5", "٣٤٥", "12 3x"])
def test_a_seed_that_is_not_digits_is_refused_with_what_was_typed(typed: str) -> None:
    with pytest.raises(ValueError, match="digits only"):
        parse_seed(typed)


def test_a_new_seed_is_short_enough_to_read_out() -> None:
    seeds = [new_seed() for _ in range(200)]
    assert all(0 <= seed < 2**SEED_BITS for seed in seeds)
    assert len(set(seeds)) == len(seeds)
    assert all(len(format_seed(seed)) <= 19 for seed in seeds)  # at most five groups


def test_progress_counts_each_qco_s_samples_by_where_they_stand() -> None:
    samples = [DrawnSample("OC-1", "Sari", "random", "Dewi", "assigned"),
               DrawnSample("OC-2", "Sari", "random", "Dewi", "final"),
               DrawnSample("OC-3", "Budi", "targeted", "Dewi", "draft"),
               DrawnSample("OC-4", "Budi", "random", "Budi QCO", "final"),
               DrawnSample("OC-5", "Budi", "random", None, "unassigned")]
    assert reviewer_progress(samples) == [ReviewerProgress("Budi QCO", 1, 0, 0, 1),
                                          ReviewerProgress("Dewi", 3, 1, 1, 1)]
