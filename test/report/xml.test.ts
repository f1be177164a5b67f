/**
 * The strict well-formedness check the report tests rely on: it must accept well-formed
 * documents and reject each kind of malformation.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkWellFormedXml } from "../../src/report/xml.js";

test("checkWellFormedXml accepts well-formed documents", () => {
  checkWellFormedXml(
    '<?xml version="1.0"?>\n<!-- c --><a x="1" y=\'2\'><b/><c>t &amp; &#60; &#x3C;</c><![CDATA[<raw>]]></a>\n',
  );
  checkWellFormedXml(
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/></head><body><p>a &gt; b</p></body></html>',
  );
  checkWellFormedXml(
    '<svg xmlns="http://www.w3.org/2000/svg"><g transform="translate(1,2)"><path d="M0,0"/></g></svg>',
  );
});

test("checkWellFormedXml rejects malformed documents and says where", () => {
  const bad: [string, RegExp][] = [
    ["<a><b></a></b>", /<\/a> closes <b> at line 1, column 7/],
    ["<a>", /<a> is never closed/],
    ["<a x=1/>", /attribute x in <a> is not quoted/],
    ['<a x="1" x="2"/>', /duplicate attribute x/],
    ["<a>fish & chips</a>", /'&' not starting an entity/],
    ["<a>&nbsp;</a>", /'&' not starting an entity/],
    ['<a title="x < y"/>', /unescaped '<'/],
    ["<a/><b/>", /a second root element/],
    ["</a>", /end tag <\/a> without a start tag/],
    ["text<a/>", /text outside the root element/],
    ["<a>\n<!-- open</a>", /unterminated comment at line 2/],
    ["", /no root element/],
    ['<a x="1"y="2"/>', /expected whitespace/],
  ];
  for (const [doc, message] of bad) assert.throws(() => checkWellFormedXml(doc), message, doc);
});
