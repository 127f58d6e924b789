/**
 * Splits text into pieces of at most `max` characters, preferring line breaks, then spaces,
 * never inside a surrogate pair. `keepTogether` may move a cut earlier (Slack: not inside an
 * `&amp;` entity). Shared by the renderers, which differ only in their limits.
 */
export function splitText(text: string, max: number, keepTogether?: (rest: string, cut: number) => number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    if (/[\ud800-\udbff]/.test(rest.charAt(cut - 1))) cut -= 1;
    if (keepTogether) cut = keepTogether(rest, cut);
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  if (rest.trim() !== '' || out.length === 0) out.push(rest);
  return out;
}
