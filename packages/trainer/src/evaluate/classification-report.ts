/** Precision and recall of one class. */
export interface ClassScore {
  readonly name: string;
  /** Of the images predicted as this class, the fraction that are (NaN when none is predicted). */
  readonly precision: number;
  /** Of the images of this class, the fraction predicted as it. */
  readonly recall: number;
  /** Images of this class. */
  readonly support: number;
}

/** Accuracy, per-class scores and the confusion matrix of a set of predictions. */
export interface ClassificationReport {
  readonly accuracy: number;
  readonly count: number;
  readonly classes: readonly ClassScore[];
  /** `confusion[actual][predicted]`: image counts. */
  readonly confusion: readonly (readonly number[])[];
}

/** Score predicted class indices against the labels. */
export function classificationReport(labels: ArrayLike<number>, predictions: ArrayLike<number>, classNames: readonly string[]): ClassificationReport {
  const k = classNames.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < labels.length; i++) confusion[labels[i]!]![predictions[i]!]!++;
  const correct = confusion.reduce((n, row, i) => n + row[i]!, 0);
  const classes = classNames.map((name, c) => {
    const predicted = confusion.reduce((n, row) => n + row[c]!, 0);
    const support = confusion[c]!.reduce((a, b) => a + b, 0);
    return { name, precision: predicted === 0 ? NaN : confusion[c]![c]! / predicted, recall: support === 0 ? NaN : confusion[c]![c]! / support, support };
  });
  return { accuracy: labels.length === 0 ? NaN : correct / labels.length, count: labels.length, classes, confusion };
}

/** The report as aligned text lines: accuracy, then per-class precision/recall/support, then the confusion matrix. */
export function formatReport(title: string, r: ClassificationReport): string {
  const pct = (v: number): string => (Number.isNaN(v) ? '   —  ' : `${(v * 100).toFixed(1).padStart(5)}%`);
  const w = Math.max(9, ...r.classes.map((c) => c.name.length));
  const lines = [`${title}: accuracy ${pct(r.accuracy).trim()} on ${r.count} images`, `  ${'class'.padEnd(w)}  precision  recall  images`];
  for (const c of r.classes) lines.push(`  ${c.name.padEnd(w)}  ${pct(c.precision).padStart(9)}  ${pct(c.recall)}  ${String(c.support).padStart(6)}`);
  lines.push(`  confusion (rows: actual, columns: predicted): ${r.classes.map((c) => c.name).join(' / ')}`);
  for (let i = 0; i < r.confusion.length; i++) lines.push(`  ${r.classes[i]!.name.padEnd(w)}  ${r.confusion[i]!.map((n) => String(n).padStart(6)).join('')}`);
  return lines.join('\n') + '\n';
}
