"""The statistics beside each figure, against hand-computed values."""

from __future__ import annotations

import math

import pytest

from qa_app.reports.rollups.stats import bounded_interval, correlation, t_quantile


@pytest.mark.parametrize("df, expected", [(1, 12.7062), (2, 4.3027), (7, 2.3646),
                                          (11, 2.2010), (30, 2.0423), (120, 1.9799)])
def test_t_quantile_matches_the_tables(df: int, expected: float) -> None:
    assert t_quantile(0.975, df) == pytest.approx(expected, abs=1e-4)


def _wilson(p: float, s: float, n: int, z: float) -> tuple[float, float]:
    """The quasi-binomial Wilson ends by the textbook formula, on the 0–1 scale."""
    a = z * z * s * s / (n * p * (1 - p))
    centre, half = p + a / 2, math.sqrt(a * (p * (1 - p) + a / 4))
    return (centre - half) / (1 + a), (centre + half) / (1 + a)


def test_the_interval_of_three_scores_by_hand() -> None:
    # [80, 90, 100]: p = 0.9, s = 0.1, n = 3, z = t(0.975, 2) = 4.3027, z² = 18.513;
    # a = 18.513 × 0.01 ÷ (3 × 0.09) = 0.68567; centre = (0.9 + 0.34284) ÷ 1.68567 = 0.73730;
    # half = √(0.68567 × (0.09 + 0.17142)) ÷ 1.68567 = 0.25116 → 48.61 to 98.85
    assert bounded_interval(3, 90.0, 10.0) == pytest.approx((48.614, 98.846), abs=1e-3)


def test_the_interval_of_a_typical_month_stays_below_100() -> None:
    # 8 evaluations, mean 95, spread 8 points: a t margin ±6.7 would reach 101.7
    low, high = bounded_interval(8, 95.0, 8.0)  # type: ignore[misc]
    assert (low, high) == pytest.approx(tuple(x * 100 for x in _wilson(0.95, 0.08, 8, 2.3646)),
                                        abs=1e-3)
    assert (low, high) == pytest.approx((83.65, 98.60), abs=1e-2)
    t_margin = t_quantile(0.975, 7) * 8.0 / math.sqrt(8)  # the symmetric t margin: ±6.7
    assert 95.0 + t_margin > 100


@pytest.mark.parametrize("count, mean, std", [(3, 99.9, 0.17), (3, 0.1, 0.17), (30, 99.0, 3.0),
                                              (5, 50.0, 50.0), (200, 97.5, 4.0)])
def test_the_interval_never_leaves_0_to_100(count: int, mean: float, std: float) -> None:
    low, high = bounded_interval(count, mean, std)  # type: ignore[misc]
    assert 0.0 <= low <= mean <= high <= 100.0


@pytest.mark.parametrize("count", [0, 1, 2])
def test_below_three_evaluations_there_is_no_interval(count: int) -> None:
    assert bounded_interval(count, 90.0, 10.0) is None


def test_equal_scores_give_the_point_and_no_mean_gives_nothing() -> None:
    assert bounded_interval(8, 100.0, 0.0) == (100.0, 100.0)
    assert bounded_interval(4, 90.0, 0.0) == (90.0, 90.0)
    assert bounded_interval(4, None, None) is None
    assert bounded_interval(4, 90.0, float("nan")) is None


def test_a_mean_past_100_by_rounding_only_is_100() -> None:
    assert bounded_interval(3, 100.00000000001, 0.0) == (100.0, 100.0)


def test_a_mean_outside_0_to_100_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot be 101"):
        bounded_interval(3, 101.0, 1.0)


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
