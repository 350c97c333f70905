"""The statistics beside every figure: a 95% margin of a mean and a correlation's interval.

Margin of a mean (per agent/team QM): half the width of the two-sided 95% confidence interval
from the t-distribution, ``t(0.975, n − 1) × s ÷ √n`` with ``s`` the sample standard
deviation. With 8 evaluations t is 2.365, so a spread of 8 points gives ±6.7. One evaluation
has no margin (None): it is shown, but its uncertainty is unknown.

Correlation (QM vs CSI): Pearson's r with the Fisher z interval, ``tanh(atanh(r) ± 1.96 ÷
√(n − 3))``; it needs at least 4 pairs and some spread in both variables.

The t quantile is computed here (regularized incomplete beta, then bisection) rather than
pulling SciPy into the runtime for one function.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist, fmean, stdev

CONFIDENCE = 0.95


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    tiny, c, d = 1e-300, 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 300):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= c * d
        if abs(c * d - 1.0) < 1e-15:
            break
    return result


def _incomplete_beta(a: float, b: float, x: float) -> float:
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(b, a, 1.0 - x) / b


def t_cdf(value: float, df: int) -> float:
    tail = 0.5 * _incomplete_beta(df / 2.0, 0.5, df / (df + value * value))
    return 1.0 - tail if value >= 0 else tail


@lru_cache(maxsize=4096)
def t_quantile(probability: float, df: int) -> float:
    """The value below which ``probability`` of a t(df) distribution lies (0.5 < p < 1).

    Cached: a rollup asks for the same few degrees of freedom hundreds of times, and each
    answer costs two hundred bisection steps."""
    if df < 1 or not 0.5 < probability < 1.0:
        raise ValueError(f"t quantile needs df ≥ 1 and 0.5 < p < 1, got df={df}, p={probability}")
    low, high = 0.0, 1.0
    while t_cdf(high, df) < probability:
        high *= 2.0
    for _ in range(200):
        middle = (low + high) / 2.0
        low, high = (middle, high) if t_cdf(middle, df) < probability else (low, middle)
    return (low + high) / 2.0


def margin_of_mean(values: Sequence[float], confidence: float = CONFIDENCE) -> float | None:
    """± half-width of the t confidence interval of the mean; None below two values."""
    if len(values) < 2:
        return None
    spread = stdev(values)
    return t_quantile(0.5 + confidence / 2.0, len(values) - 1) * spread / math.sqrt(len(values))


def margin_from_moments(count: int, std: float | None,
                        confidence: float = CONFIDENCE) -> float | None:
    """The same margin from a count and a sample standard deviation (as SQL/pandas give)."""
    if count < 2 or std is None or math.isnan(std):
        return None
    return t_quantile(0.5 + confidence / 2.0, count - 1) * std / math.sqrt(count)


@dataclass(frozen=True)
class Correlation:
    n: int
    r: float | None  # None when fewer than 3 pairs or one variable does not vary
    low: float | None  # the Fisher z interval; None below 4 pairs
    high: float | None


def correlation(xs: Sequence[float], ys: Sequence[float],
                confidence: float = CONFIDENCE) -> Correlation:
    if len(xs) != len(ys):
        raise ValueError(f"correlation needs pairs: {len(xs)} x values, {len(ys)} y values")
    n = len(xs)
    if n < 3:
        return Correlation(n, None, None, None)
    mean_x, mean_y = fmean(xs), fmean(ys)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return Correlation(n, None, None, None)
    r = max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))
    if n < 4 or abs(r) == 1.0:
        return Correlation(n, r, None if n < 4 else r, None if n < 4 else r)
    half = NormalDist().inv_cdf(0.5 + confidence / 2.0) / math.sqrt(n - 3)
    z = math.atanh(r)
    return Correlation(n, r, math.tanh(z - half), math.tanh(z + half))
