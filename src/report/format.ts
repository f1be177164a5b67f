/**
 * Number formatting and HTML escaping shared by charts and the page.
 * @module
 */

/**
 * A number with `digits` significant digits for tables and titles: exponent notation below 1e-3
 * and from 1e5 on, integers as they are, "—" for a missing or undefined value (NaN, null).
 */
export function formatNumber(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || Number.isNaN(x)) return "—";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(digits - 1);
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(digits)));
}

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escape text for HTML content and quoted attribute values (the five characters OWASP lists). */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
