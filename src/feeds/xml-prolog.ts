// The prolog of an XML document: declaration, comments, processing instructions, DOCTYPE.
// Scanning it by hand keeps two promises: DOCTYPEs never reach the XML parser (so no entity
// declared in one is ever expanded: no billion laughs, no external entity read), and the root
// element's name is known before any parsing (to tell a feed from an HTML page).

interface PrologScan {
  /** Index of the root element's `<`, or -1 when there is none. */
  rootStart: number;
  /** [start, end) of the DOCTYPE declaration, when there is one. */
  doctype?: [number, number];
}

/** Index just past the `>` that closes a DOCTYPE opened at `start`, skipping its internal subset. */
function findDoctypeEnd(text: string, start: number): number {
  let quote = '';
  let depth = 0;
  for (let i = start + 2; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      if (close === -1) return text.length;
      i = close + 2;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === '>' && depth === 0) return i + 1;
  }
  return text.length;
}

/** Index just past the construct opened at `i` (`<?…?>` or `<!--…-->`), or -1 if it is not one. */
function skipMarkup(text: string, i: number): number {
  const close = text.startsWith('<?', i) ? '?>' : text.startsWith('<!--', i) ? '-->' : '';
  if (!close) return -1;
  const end = text.indexOf(close, i + 2);
  return end === -1 ? text.length : end + close.length;
}

function scanProlog(text: string): PrologScan {
  let doctype: [number, number] | undefined;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    // Whitespace and a stray BOM are allowed between prolog constructs.
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff) {
      i++;
      continue;
    }
    if (c !== 0x3c) return { rootStart: -1, doctype };
    const skipped = skipMarkup(text, i);
    if (skipped !== -1) {
      i = skipped;
    } else if (text.slice(i, i + 9).toUpperCase() === '<!DOCTYPE') {
      const end = findDoctypeEnd(text, i);
      doctype = [i, end];
      i = end;
    } else {
      return { rootStart: i, doctype };
    }
  }
  return { rootStart: -1, doctype };
}

/** Removes the DOCTYPE declaration (with any internal subset) from the prolog; the rest is kept as is. */
export function stripDoctype(text: string): string {
  const { doctype } = scanProlog(text);
  if (!doctype) return text;
  return text.slice(0, doctype[0]) + text.slice(doctype[1]);
}

/** The qualified name of the root element (`rss`, `rdf:RDF`, `html`), or undefined when there is none. */
export function readRootName(text: string): string | undefined {
  const { rootStart } = scanProlog(text);
  if (rootStart === -1) return undefined;
  const name = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(rootStart, rootStart + 256));
  return name?.[1];
}

