"""The statistics beside every figure: a 95% interval of a mean and a correlation's interval.

Margin of a mean: half the width of the two-sided 95% confidence interval from the
t-distribution, ``t(0.975, n − 1) × s ÷ √n`` with ``s`` the sample standard deviation. With 8
evaluations t is 2.365, so a spread of 8 points gives ±6.7.

Interval of a QM score (per agent/team, :func:`bounded_interval`): QM scores lie in 0–100, and
a symmetric ± around a mean of 97 would run past 100. The score is scaled to a proportion
``p = mean ÷ 100`` and the interval is the Wilson score interval with an estimated dispersion
(quasi-binomial): every ``π`` with ``(p − π)² ≤ z² · φ · π(1 − π) ÷ n``, where
``φ = s² ÷ (p(1 − p))`` makes the variance function match the observed spread and ``z`` is the
t quantile of ``n − 1`` degrees of freedom. The right-hand side is 0 at ``π = 0`` and
``π = 1`` while the left is not (unless ``p`` is that bound), so both ends always lie in
[0, 1]: the bound holds by construction, no clipping needed; the interval narrows on the side
of the bound, as a score near 100 can only fall. Its solution:
``(p + a/2 ± √(a · (p(1 − p) + a/4))) ÷ (1 + a)`` with ``a = z² s² ÷ (n · p(1 − p))``. No
spread (all scores equal) gives the point itself, as the t margin gives 0. Below
``MIN_EVALUATIONS`` (3) evaluations no interval is given: the spread of two scores says
next to nothing ("n too small").

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
MIN_EVALUATIONS = 3  # fewer: "n too small", no interval


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


def bounded_interval(count: int, mean: float | None, std: float | None, top: float = 100.0,
                     confidence: float = CONFIDENCE) -> tuple[float, float] | None:
    """The quasi-binomial Wilson interval (see the module text) of a mean of scores in
    0..``top``, from their count, mean and sample standard deviation; None below
    ``MIN_EVALUATIONS`` or without a mean."""
    if count < MIN_EVALUATIONS or mean is None or std is None or math.isnan(std) \
            or math.isnan(mean):
        return None
    if not -1e-9 * top <= mean <= top * (1 + 1e-9):  # beyond the rounding of summed scores
        raise ValueError(f"a mean of scores in 0..{top} cannot be {mean}")
    mean = min(max(mean, 0.0), top)
    share, spread = mean / top, std / top
    if spread == 0.0 or share in (0.0, 1.0):
        return mean, mean
    z = t_quantile(0.5 + confidence / 2.0, count - 1)
    a = z * z * spread * spread / (count * share * (1.0 - share))
    centre = share + a / 2.0
    half = math.sqrt(a * (share * (1.0 - share) + a / 4.0))
    low = max(0.0, (centre - half) / (1.0 + a))  # max/min: rounding only
    high = min(1.0, (centre + half) / (1.0 + a))
    return low * top, high * top


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
