/**
 * Names in the order people expect: digit runs compare as numbers (c-2 before c-10), the rest by
 * UTF-16 code units. Written out rather than Intl.Collator so it cannot vary with the ICU data
 * a Node build carries.
 */

const CHUNKS = /(\d+)|(\D+)/g;

export function naturalCompare(a: string, b: string): number {
  if (a === b) return 0;
  const ca = a.match(CHUNKS) ?? [];
  const cb = b.match(CHUNKS) ?? [];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const x = ca[i] as string;
    const y = cb[i] as string;
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      // Compare digit runs by value without overflow: strip leading zeros, then length, then text.
      const nx = x.replace(/^0+(?=\d)/, '');
      const ny = y.replace(/^0+(?=\d)/, '');
      if (nx.length !== ny.length) return nx.length - ny.length;
      if (nx !== ny) return nx < ny ? -1 : 1;
      if (x.length !== y.length) return x.length - y.length;
      continue;
    }
    return x < y ? -1 : 1;
  }
  if (ca.length !== cb.length) return ca.length - cb.length;
  return a < b ? -1 : 1;
}
