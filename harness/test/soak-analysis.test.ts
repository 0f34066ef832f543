/** The soak's pure analysis with known inputs: the slope and its interval, the flat rule, the leak diff and the checks. */
import { describe, expect, it } from 'vitest';
import { exitCodeOf, leakCheck, slopeCheck, storeCheck } from '../src/soak/checks.js';
import { diffLeaks, fdKind, multisetExtra, parseListening, type LeakSnapshot } from '../src/soak/leaks.js';
import { fitSlope, isFlat, neweyWestLag, normalQuantile, tQuantile } from '../src/soak/slope.js';
import { seededRandom } from '../src/stats/random.js';

const KiB = 1024;

describe('slope of a memory series', () => {
  it('an exact line gives its slope and a zero-width interval', () => {
    const bytes = Array.from({ length: 50 }, (_, i) => 100 * 2 ** 20 + 8 * KiB * (i + 1));
    const fit = fitSlope(bytes, 10)!;
    expect(fit.n).toBe(40);
    expect(fit.skipped).toBe(10);
    expect(fit.slopeKiB).toBeCloseTo(8, 9);
    expect(fit.ciHighKiB - fit.ciLowKiB).toBeCloseTo(0, 6);
    expect(fit.method).toBe('ols-newey-west');
  });

  it('skips the start: a settling jump before `skip` does not count', () => {
    const bytes = Array.from({ length: 60 }, (_, i) => (i < 20 ? 50 : 120) * 2 ** 20 + (i % 3) * KiB);
    const fit = fitSlope(bytes, 20)!;
    expect(Math.abs(fit.slopeKiB)).toBeLessThan(0.1);
    expect(fitSlope(bytes, 0)!.slopeKiB).toBeGreaterThan(1000); // the jump dominates when kept
  });

  it('noise around a flat level: the interval holds 0; a small real slope under noise is found', () => {
    const random = seededRandom(7);
    const flat = Array.from({ length: 180 }, () => 200 * 2 ** 20 + (random() - 0.5) * 512 * KiB);
    const f = fitSlope(flat, 0)!;
    expect(f.ciLowKiB).toBeLessThanOrEqual(0);
    expect(f.ciHighKiB).toBeGreaterThanOrEqual(0);
    expect(isFlat(f, 4)).toBe(true);
    const growing = flat.map((y, i) => y + 20 * KiB * i);
    const g = fitSlope(growing, 0)!;
    expect(g.slopeKiB).toBeGreaterThan(15);
    expect(g.ciLowKiB).toBeGreaterThan(0);
    expect(isFlat(g, 4)).toBe(false);
    expect(isFlat(g, 40)).toBe(true); // under a generous bound it is flat enough
  });
});

describe('slope: interval and quantiles', () => {
  it('autocorrelated noise widens the interval beyond the plain OLS one', () => {
    // a random walk of steps: neighbours are correlated; the HAC interval must be wider than i.i.d. residuals of the same spread would give
    const random = seededRandom(11);
    let level = 0;
    const walk = Array.from({ length: 200 }, () => (level += (random() - 0.5) * 64 * KiB));
    const fit = fitSlope(walk, 0)!;
    const shuffled = [...walk].sort(() => random() - 0.5);
    const iid = fitSlope(shuffled, 0)!;
    expect(fit.ciHighKiB - fit.ciLowKiB).toBeGreaterThan(iid.ciHighKiB - iid.ciLowKiB);
    expect(fit.lag).toBe(neweyWestLag(200));
    expect(neweyWestLag(180)).toBe(4);
  });

  it('needs at least 5 points after the skip', () => {
    expect(fitSlope([1, 2, 3, 4, 5, 6], 2)).toBeNull();
    expect(fitSlope([1, 2, 3, 4, 5, 6], 1)).not.toBeNull();
  });

  it('quantiles match the tables', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.575829, 5);
    for (const [df, t] of [
      [1, 12.7062],
      [2, 4.3027],
      [3, 3.1824],
      [6, 2.4469],
      [10, 2.2281],
      [30, 2.0423],
      [178, 1.9734],
    ]) {
      expect(Math.abs(tQuantile(0.975, df) - t), `df ${df}`).toBeLessThan(df >= 6 ? 0.001 : 0.01);
    }
  });
});

const empty = (): LeakSnapshot => ({ processes: [], collections: [], tempDirs: [], fds: [], listeningPorts: [] });

describe('leak diff', () => {
  it('counts as multisets: the same things before and after are no leak, one more of a kind is', () => {
    expect(multisetExtra(['pipe', 'pipe', '/dev/null'], ['/dev/null', 'pipe', 'pipe'])).toEqual([]);
    expect(multisetExtra(['pipe', 'pipe'], ['pipe', 'pipe', 'pipe', 'socket'])).toEqual(['pipe', 'socket']);
    expect(multisetExtra(['a', 'b'], ['a'])).toEqual([]); // fewer after: nothing extra
  });

  it('names every extra per kind and leaves the others clean', () => {
    const before = { ...empty(), fds: ['pipe', 'pipe', '/dev/null'], processes: ['101 esbuild'] };
    const after = {
      ...empty(),
      fds: ['pipe', 'pipe', '/dev/null', 'socket'],
      processes: ['101 esbuild', '4242 python'],
      collections: ['bench_x_py_3'],
      tempDirs: ['qdrant-local-AbC'],
      listeningPorts: ["port 6333 (the store's)"],
    };
    const diff = diffLeaks(before, after);
    expect(Object.fromEntries(diff.map((d) => [d.kind, d.extra]))).toEqual({
      processes: ['4242 python'],
      collections: ['bench_x_py_3'],
      tempDirs: ['qdrant-local-AbC'],
      fds: ['socket'],
      listeningPorts: ["port 6333 (the store's)"],
    });
    expect(diffLeaks(before, before).every((d) => d.extra.length === 0)).toBe(true);
    const checks = diff.map(leakCheck);
    expect(checks.every((c) => !c.passed && c.exitCheck)).toBe(true);
    expect(checks[0].detail).toMatch(/1 before, 2 after, 1 extra: 4242 python/);
    expect(exitCodeOf(checks)).toBe(1);
    expect(exitCodeOf(diffLeaks(before, before).map(leakCheck))).toBe(0);
  });

  it('an fd is its kind, not its inode', () => {
    expect(fdKind('pipe:[123456]')).toBe('pipe');
    expect(fdKind('socket:[99]')).toBe('socket');
    expect(fdKind('anon_inode:[eventfd]')).toBe('anon_inode:eventfd');
    expect(fdKind('anon_inode:inotify')).toBe('anon_inode:inotify');
    expect(fdKind('/work/main/results/x/iterations.jsonl')).toBe('/work/main/results/x/iterations.jsonl');
  });

  it('reads the LISTEN rows of /proc/net/tcp', () => {
    const text = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:18BD 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4711 1 0000000000000000 100 0 0 10 0',
      '   1: 0100007F:9C40 0100007F:18BD 01 00000000:00000000 00:00000000 00000000     0        0 4712 1 0000000000000000 20 4 30 10 -1',
    ].join('\n');
    expect(parseListening(text)).toEqual([{ port: 6333, inode: '4711' }]);
  });
});

describe('checks', () => {
  it('the RSS slope check fails naming the growth; no slope (too few points) fails too', () => {
    const growing = fitSlope(
      Array.from({ length: 40 }, (_, i) => i * 64 * KiB + (i % 2) * KiB),
      0,
    );
    const c = slopeCheck(growing, 4);
    expect(c.passed).toBe(false);
    expect(c.name).toBe('harness-rss-slope');
    expect(c.detail).toMatch(/grows/);
    expect(slopeCheck(null, 4).passed).toBe(false);
  });

  it("the store's memory target is reported, met or not, and never sets the exit code", () => {
    const store = {
      pid: 1,
      startRssBytes: 100 * 2 ** 20,
      afterFirstRssBytes: 120 * 2 ** 20,
      peakRssBytes: 300 * 2 ** 20,
      endRssBytes: 130 * 2 ** 20,
      settleMs: 2000,
      startAnonBytes: 2 * 2 ** 20,
      endAnonBytes: 20 * 2 ** 20,
      startFileBytes: 98 * 2 ** 20,
      endFileBytes: 110 * 2 ** 20,
      targetFraction: 0.1,
    };
    const missed = storeCheck({ ...store, endVsStart: 0.3 });
    expect(missed.passed).toBe(false);
    expect(missed.exitCheck).toBe(false);
    expect(missed.detail).toMatch(/start 100.0 MiB, peak 300.0 MiB, end 130.0 MiB \(\+30.0% vs start, target within 10%\)/);
    expect(storeCheck({ ...store, endRssBytes: 105 * 2 ** 20, endVsStart: 0.05 }).passed).toBe(true);
    expect(exitCodeOf([missed])).toBe(0);
  });
});
