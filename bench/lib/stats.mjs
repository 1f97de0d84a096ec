// Percentiles (nearest rank) of a list of numbers, rounded to 0.01.
export function stats(arr) {
  const a = Float64Array.from(arr).sort();
  const n = a.length;
  if (!n) return { n: 0 };
  const q = (p) => a[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))];
  let sum = 0;
  for (const v of a) sum += v;
  const r = (v) => Math.round(v * 100) / 100;
  return { n, min: r(a[0]), p50: r(q(0.5)), p90: r(q(0.9)), p99: r(q(0.99)), max: r(a[n - 1]), mean: r(sum / n) };
}
