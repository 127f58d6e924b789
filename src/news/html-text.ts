import type { BodyLine } from './document.js';

/**
 * Text lines of an HTML tree in one pass, for the pages Readability is not given (too deep or
 * too big: its cost grows with depth × size) and for the bare-body fallback. Linear in the
 * number of nodes: an explicit stack, each node visited once, no textContent or querySelector
 * per element.
 */

/** The DOM surface used here (linkedom's nodes have it). */
export interface NodeLike {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  firstChild: NodeLike | null;
  nextSibling: NodeLike | null;
}

const ELEMENT = 1;
const TEXT = 3;

/** Elements whose text is never the story: code, menus, page furniture, forms. */
const SKIP = new Set(
  'SCRIPT STYLE NOSCRIPT TEMPLATE SVG CANVAS IFRAME OBJECT NAV HEADER FOOTER ASIDE MENU FORM BUTTON SELECT TEXTAREA HEAD'.split(' '),
);

/** Elements that start a new line. */
const BLOCK = new Set(
  `ADDRESS ARTICLE BLOCKQUOTE BR DD DIV DL DT FIGCAPTION FIGURE H1 H2 H3 H4 H5 H6 HR LI MAIN OL P PRE
  SECTION TABLE TBODY TD TH THEAD TR UL`.split(/\s+/),
);

const HEADING = /^H[1-6]$/;

export interface TreeShape {
  elements: number;
  depth: number;
}

/** How many elements and how deep, in one pass; stops counting once both limits are passed. */
export function treeShape(root: NodeLike, limits: TreeShape): TreeShape {
  let elements = 0;
  let depth = 0;
  const stack: { node: NodeLike; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth: d } = stack.pop()!;
    if (node.nodeType !== ELEMENT) continue;
    elements++;
    if (d > depth) depth = d;
    if (elements > limits.elements && depth > limits.depth) break;
    for (let c = node.firstChild; c !== null; c = c.nextSibling) stack.push({ node: c, depth: d + 1 });
  }
  return { elements, depth };
}

/**
 * Lines of text in document order; a line of nothing but link text (a menu entry, "Home") is
 * left out, headings are marked.
 */
export function treeLines(root: NodeLike): BodyLine[] {
  const lines: BodyLine[] = [];
  let text = '';
  let plain = false;
  let heading = false;
  const flush = (): void => {
    const t = text.replace(/\s+/g, ' ').trim();
    if (t !== '' && plain) lines.push(heading ? { text: t, heading: true } : { text: t });
    text = '';
    plain = false;
    heading = false;
  };
  // Entries: a node to visit, or the end of an element (to close its line and its link).
  type Entry = { node: NodeLike; inLink: number; inHeading: boolean; end: boolean };
  const stack: Entry[] = [{ node: root, inLink: 0, inHeading: false, end: false }];
  while (stack.length > 0) {
    const e = stack.pop()!;
    const { node } = e;
    if (node.nodeType === TEXT) {
      const v = node.nodeValue ?? '';
      if (v.trim() !== '') {
        if (e.inLink === 0) plain = true;
        if (e.inHeading) heading = true;
      }
      text += v;
      continue;
    }
    if (node.nodeType !== ELEMENT) continue;
    const name = node.nodeName.toUpperCase();
    if (e.end) {
      if (BLOCK.has(name)) flush();
      else text += ' ';
      continue;
    }
    if (SKIP.has(name)) continue;
    if (BLOCK.has(name)) flush();
    const inLink = e.inLink + (name === 'A' ? 1 : 0);
    const inHeading = e.inHeading || HEADING.test(name);
    stack.push({ node, inLink, inHeading, end: true });
    // Children pushed last-first, so they come off the stack in order.
    const children: NodeLike[] = [];
    for (let c = node.firstChild; c !== null; c = c.nextSibling) children.push(c);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, inLink, inHeading, end: false });
  }
  flush();
  return lines;
}
