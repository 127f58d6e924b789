/** Plain-text and markdown tables for the eval and bench reports. */

/** A markdown table; the first `textColumns` columns align left, the rest (figures) right. */
export function table(headers: string[], rows: (string | number)[][], textColumns = 1): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const left = (i: number) => i < textColumns;
  const line = (r: string[]) => `| ${r.map((c, i) => (left(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (left(i) ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(cells[0]!), sep, ...cells.slice(1).map(line)].join('\n');
}

export function fixed(v: number, digits = 2): string {
  return v.toFixed(digits);
}
