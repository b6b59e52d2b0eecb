/**
 * Exact (Clopper–Pearson) confidence bounds for a proportion: given k events in n runs, the range of
 * event probabilities the data do not reject at the given two-sided level (Clopper & Pearson,
 * "The use of confidence or fiducial limits illustrated in the case of the binomial", Biometrika
 * 1934). A percentile requirement is a chance constraint — `p5 >= 0.8` allows at most 5 % of runs
 * below 0.8 — so its verdict is a statement about the proportion of runs that break the bound.
 * Bounds are found by bisection on the binomial distribution function, summed in log space.
 */

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  let total = 0;
  let logTerm = n * lq; // i = 0
  for (let i = 0; i <= k; i++) {
    if (i > 0) logTerm += Math.log(n - i + 1) - Math.log(i) + lp - lq;
    total += Math.exp(logTerm);
  }
  return Math.min(1, total);
}

function bisect(f: (p: number) => number, target: number, increasing: boolean): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    const above = f(mid) > target;
    if (above === increasing) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

/** The two-sided `confidence` Clopper–Pearson interval of the event probability after k events in n runs. */
export function clopperPearson(k: number, n: number, confidence: number): [number, number] {
  const tail = (1 - confidence) / 2;
  // Lower: the p at which P(X ≥ k) = tail; upper: the p at which P(X ≤ k) = tail.
  const lower = k === 0 ? 0 : bisect((p) => 1 - binomialCdf(k - 1, n, p), tail, true);
  const upper = k === n ? 1 : bisect((p) => binomialCdf(k, n, p), tail, false);
  return [lower, upper];
}

