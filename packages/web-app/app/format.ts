/** 221794 → "221,794". */
export const formatInt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Bytes as KB (1 KB = 1024 bytes), one decimal: 55296 → "54.0 KB". */
export const formatKB = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** Counts with an SI suffix, three significant digits: 7489664 → "7.49 M". */
export function formatCount(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toPrecision(3)} G`;
  if (abs >= 1e6) return `${(n / 1e6).toPrecision(3)} M`;
  if (abs >= 1e3) return `${(n / 1e3).toPrecision(3)} k`;
  return String(n);
}

/** Milliseconds, two decimals. */
export const formatMs = (ms: number): string => `${ms.toFixed(2)} ms`;
