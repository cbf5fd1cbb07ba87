/** One column of a text table. */
export interface Column<Row> {
  readonly header: string;
  readonly align?: 'left' | 'right';
  value(row: Row): string;
}

/** Thousands separators: 221794 → "221,794". */
export function formatInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** `[48, 48, 8]` → `48×48×8`. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? '-' : shape.join('×');
}

/** Bytes as KB with one decimal, KB = 1024 bytes. */
export function formatKB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** Render rows as a fixed-width table with a header rule. */
export function renderTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const cells = rows.map((r) => columns.map((c) => c.value(r)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) => (columns[i]!.align === 'right' ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = '─'.repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1));
  return [line(columns.map((c) => c.header)), rule, ...cells.map(line)].join('\n') + '\n';
}
