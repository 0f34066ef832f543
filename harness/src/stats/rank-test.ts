/**
 * Mann-Whitney U (Wilcoxon rank-sum) test, two-sided: do two independent samples come from
 * the same distribution? Exact distribution for small samples without ties, normal
 * approximation with tie correction otherwise.
 */
export interface RankTest {
  /** U of the first sample: pairs (x, y) with x > y, ties counting one half. */
  u: number;
  /** Two-sided p-value. */
  p: number;
}

const countsCache = new Map<string, number[]>();

/** Exact counts of U for sample sizes m, n without ties: counts[u] = number of orderings with that U. */
export function exactUCounts(m: number, n: number): number[] {
  const key = `${m},${n}`;
  const counts = countsCache.get(key) ?? exactCounts(m, n);
  countsCache.set(key, counts);
  return counts;
}

function exactCounts(m: number, n: number): number[] {
  // f[i][j] = distribution for sizes i, j; built up with f(i,j,u) = f(i-1,j,u-j) + f(i,j-1,u)
  let prev: number[][] = Array.from({ length: n + 1 }, () => [1]);
  for (let i = 1; i <= m; i++) {
    const cur: number[][] = [[1]];
    for (let j = 1; j <= n; j++) {
      const size = i * j + 1;
      const dist = new Array<number>(size).fill(0);
      const a = prev[j];
      const b = cur[j - 1];
      for (let u = 0; u < size; u++) dist[u] = (u - j >= 0 && u - j < a.length ? a[u - j] : 0) + (u < b.length ? b[u] : 0);
      cur.push(dist);
    }
    prev = cur;
  }
  return prev[n];
}

function normalCdf(z: number): number {
  // Abramowitz-Stegun 7.1.26 erf approximation (|error| < 1.5e-7)
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export function mannWhitneyU(a: readonly number[], b: readonly number[]): RankTest {
  const m = a.length;
  const n = b.length;
  if (m === 0 || n === 0) return { u: Number.NaN, p: Number.NaN };
  let u = 0;
  for (const x of a) for (const y of b) u += x > y ? 1 : x === y ? 0.5 : 0;
  const all = [...a, ...b].sort((x, y) => x - y);
  let tieTerm = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j] === all[i]) j++;
    const t = j - i;
    tieTerm += t ** 3 - t;
    i = j;
  }
  if (tieTerm === 0 && m * n <= 400) {
    const counts = exactUCounts(m, n);
    const total = counts.reduce((s, c) => s + c, 0);
    let low = 0;
    let high = 0;
    counts.forEach((c, k) => {
      if (k <= u) low += c;
      if (k >= u) high += c;
    });
    return { u, p: Math.min(1, (2 * Math.min(low, high)) / total) };
  }
  const mean = (m * n) / 2;
  const N = m + n;
  const variance = ((m * n) / 12) * (N + 1 - tieTerm / (N * (N - 1)));
  if (variance === 0) return { u, p: 1 };
  const z = (Math.abs(u - mean) - 0.5) / Math.sqrt(variance); // continuity correction
  return { u, p: Math.min(1, 2 * (1 - normalCdf(Math.max(0, z)))) };
}

/**
 * The smallest two-sided p the exact rank test can give for sample sizes m and n (no ties):
 * 2 / C(m + n, m). A level at or below it can never be reached, whatever the data.
 */
export function smallestRankTestP(m: number, n: number): number {
  if (m === 0 || n === 0) return 1;
  let orderings = 1;
  for (let i = 1; i <= m; i++) orderings = (orderings * (n + i)) / i;
  return Math.min(1, 2 / orderings);
}
