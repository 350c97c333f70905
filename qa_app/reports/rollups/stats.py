"""The statistics beside every figure: a 95% interval of a QM score and a correlation's interval.

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
spread (all scores equal) gives the point itself. Below
``MIN_EVALUATIONS`` (3) evaluations no interval is given: the spread of two scores says
next to nothing ("n too small").

Correlation (QM vs CSI): Pearson's r with the Fisher z interval, ``tanh(atanh(r) ± 1.96 ÷
√(n − 3))``; it needs at least 4 pairs and some spread in both variables.

The t quantile is SciPy's (``scipy.stats.t``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist, fmean

from scipy.stats import t as student_t

CONFIDENCE = 0.95
MIN_EVALUATIONS = 3  # fewer: "n too small", no interval


@lru_cache(maxsize=4096)
def t_quantile(probability: float, df: int) -> float:
    """The value below which ``probability`` of a t(df) distribution lies (0.5 < p < 1).

    Cached: a rollup asks for the same few degrees of freedom hundreds of times."""
    if df < 1 or not 0.5 < probability < 1.0:
        raise ValueError(f"t quantile needs df ≥ 1 and 0.5 < p < 1, got df={df}, p={probability}")
    return float(student_t.ppf(probability, df))


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
