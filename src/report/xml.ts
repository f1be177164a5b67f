/**
 * A strict well-formedness check for XML (and for the polyglot XHTML the report writes): matched
 * and properly nested tags, quoted and unique attributes, only the five predefined entities or
 * character references, one root element. It checks the syntax of XML 1.0 §2–3 that the report
 * and Vega's SVG use; it does not read DTDs or check namespaces.
 * @module
 */

const NAME = /[A-Za-z_:][\w.:-]*/y;
const SPACE = /\s*/y;
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);/y;

/** Throw a message naming the offset, line and column of `pos`. */
function fail(text: string, pos: number, message: string): never {
  const before = text.slice(0, pos);
  const line = before.split("\n").length;
  const column = pos - before.lastIndexOf("\n");
  throw new Error(`checkWellFormedXml: ${message} at line ${line}, column ${column} (offset ${pos})`);
}

/** Match `re` (sticky) at `pos`; the matched text or null. */
function at(re: RegExp, text: string, pos: number): string | null {
  re.lastIndex = pos;
  const m = re.exec(text);
  return m === null ? null : m[0];
}

/** Check character data between `from` and `to`: no `<`, every `&` starts a known entity. */
function checkText(text: string, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === "<") fail(text, i, "unescaped '<'");
    if (c === "&" && at(ENTITY, text, i) === null) fail(text, i, "'&' not starting an entity or character reference");
  }
}

/** Skip past `end` starting at `pos`, or fail with `what` unterminated. */
function skipTo(text: string, pos: number, end: string, what: string): number {
  const i = text.indexOf(end, pos);
  if (i < 0) fail(text, pos, `unterminated ${what}`);
  return i + end.length;
}

/**
 * Throw unless `text` is well-formed XML (an optional `<!DOCTYPE …>` without an internal subset
 * is allowed before the root). The error names the line and column of the first problem.
 */
export function checkWellFormedXml(text: string): void {
  const stack: string[] = [];
  let roots = 0;
  let pos = 0;
  while (pos < text.length) {
    const lt = text.indexOf("<", pos);
    const end = lt < 0 ? text.length : lt;
    if (stack.length === 0 && text.slice(pos, end).trim() !== "") fail(text, pos, "text outside the root element");
    checkText(text, pos, end);
    if (lt < 0) break;
    pos = lt;
    if (text.startsWith("<!--", pos)) {
      pos = skipTo(text, pos + 4, "-->", "comment");
    } else if (text.startsWith("<![CDATA[", pos)) {
      if (stack.length === 0) fail(text, pos, "CDATA outside the root element");
      pos = skipTo(text, pos + 9, "]]>", "CDATA section");
    } else if (text.startsWith("<?", pos)) {
      pos = skipTo(text, pos + 2, "?>", "processing instruction");
    } else if (/^<!DOCTYPE\s/i.test(text.slice(pos, pos + 10))) {
      if (roots > 0 || stack.length > 0) fail(text, pos, "DOCTYPE after the root element started");
      const close = skipTo(text, pos, ">", "DOCTYPE");
      if (text.slice(pos, close).includes("[")) fail(text, pos, "DOCTYPE internal subsets are not supported");
      pos = close;
    } else if (text.startsWith("</", pos)) {
      const name = at(NAME, text, pos + 2);
      if (name === null) fail(text, pos, "bad end tag");
      const open = stack.pop();
      if (open !== name)
        fail(text, pos, open === undefined ? `end tag </${name}> without a start tag` : `</${name}> closes <${open}>`);
      pos += 2 + name.length;
      pos += at(SPACE, text, pos)!.length;
      if (text[pos] !== ">") fail(text, pos, `expected '>' to end </${name}>`);
      pos++;
    } else {
      const name = at(NAME, text, pos + 1);
      if (name === null) fail(text, pos, "'<' not starting a tag");
      if (stack.length === 0 && ++roots > 1) fail(text, pos, "a second root element");
      pos += 1 + name.length;
      const seen = new Set<string>();
      for (;;) {
        const space = at(SPACE, text, pos)!;
        pos += space.length;
        if (text.startsWith("/>", pos)) {
          pos += 2;
          break;
        }
        if (text[pos] === ">") {
          stack.push(name);
          pos++;
          break;
        }
        if (space === "") fail(text, pos, `expected whitespace, '>' or '/>' in <${name}>`);
        const attr = at(NAME, text, pos);
        if (attr === null) fail(text, pos, `bad attribute in <${name}>`);
        if (seen.has(attr)) fail(text, pos, `duplicate attribute ${attr} in <${name}>`);
        seen.add(attr);
        pos += attr.length;
        pos += at(SPACE, text, pos)!.length;
        if (text[pos] !== "=") fail(text, pos, `attribute ${attr} in <${name}> has no value`);
        pos++;
        pos += at(SPACE, text, pos)!.length;
        const quote = text[pos];
        if (quote !== '"' && quote !== "'") fail(text, pos, `attribute ${attr} in <${name}> is not quoted`);
        const close = text.indexOf(quote, pos + 1);
        if (close < 0) fail(text, pos, `unterminated value of ${attr} in <${name}>`);
        checkText(text, pos + 1, close);
        pos = close + 1;
      }
    }
  }
  if (stack.length > 0) fail(text, text.length, `<${stack[stack.length - 1]}> is never closed`);
  if (roots === 0) fail(text, 0, "no root element");
}
