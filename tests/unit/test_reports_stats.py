"""The statistics beside each figure, against hand-computed values."""

from __future__ import annotations

import math

import pytest

from qa_app.reports.stats import correlation, margin_from_moments, margin_of_mean, t_quantile


@pytest.mark.parametrize("df, expected", [(1, 12.7062), (2, 4.3027), (7, 2.3646),
                                          (11, 2.2010), (30, 2.0423), (120, 1.9799)])
def test_t_quantile_matches_the_tables(df: int, expected: float) -> None:
    assert t_quantile(0.975, df) == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize("scores, expected", [
    ([90, 100], 12.7062 * math.sqrt(50) / math.sqrt(2)),  # s = 7.071: ±63.53
    ([80, 90, 100], 4.3027 * 10 / math.sqrt(3)),  # s = 10: ±24.84
    ([100] * 8, 0.0),
    # 8 samples, mean 95, Σ(x − mean)² = 280, s = √40: ±5.29
    ([88, 100, 92, 100, 84, 100, 96, 100], 2.3646 * math.sqrt(40) / math.sqrt(8)),
])
def test_margin_of_mean(scores: list[float], expected: float) -> None:
    assert margin_of_mean(scores) == pytest.approx(expected, rel=1e-4)


def test_one_evaluation_has_no_margin() -> None:
    assert margin_of_mean([95]) is None
    assert margin_from_moments(1, float("nan")) is None
    assert margin_from_moments(3, 10.0) == pytest.approx(24.8414, rel=1e-4)


def test_correlation_and_its_fisher_interval() -> None:
    found = correlation([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])
    # r = 8 / 10 = 0.8; z = atanh(0.8) = 1.0986; ± 1.96 / √2 = 1.3859
    assert found.r == pytest.approx(0.8)
    assert found.low == pytest.approx(math.tanh(1.098612 - 1.385904), abs=1e-5)
    assert found.high == pytest.approx(math.tanh(1.098612 + 1.385904), abs=1e-5)
    assert (found.low, found.high) == pytest.approx((-0.2796, 0.9862), abs=1e-4)


@pytest.mark.parametrize("xs, ys", [([1, 2], [1, 2]), ([1, 1, 1, 1], [1, 2, 3, 4])])
def test_correlation_is_undefined_without_pairs_or_spread(xs: list[float],
                                                          ys: list[float]) -> None:
    assert correlation(xs, ys).r is None


def test_three_pairs_give_r_without_an_interval() -> None:
    found = correlation([1, 2, 3], [1, 3, 2])
    assert found.r == pytest.approx(0.5) and found.low is None and found.high is None
