/**
 * Rendering without a browser: Vega-Lite → Vega (`compile`) → a headless Vega `View` with the
 * "none" renderer → an SVG string. Text widths come from Vega's built-in estimate (no canvas), so
 * the output depends only on the spec.
 * @module
 */
import * as vega from "vega";
import { compile } from "vega-lite";
import type { ChartSpec } from "./charts/spec.js";

/** A compiled spec and the warnings Vega-Lite logged while compiling it. */
export interface CompiledChart {
  /** The Vega spec. */
  vega: vega.Spec;
  /** Warnings, in order (an empty list for a clean spec). */
  warnings: string[];
}

/** A logger (vega-util's LoggerInterface) that collects warnings and turns errors into exceptions. */
function collectingLogger(where: string, warnings: string[]): vega.LoggerInterface {
  let level = 2; // vega.Warn
  const logger = {
    level(l?: number) {
      if (l === undefined) return level as never;
      level = l;
      return logger;
    },
    error(...args: readonly unknown[]) {
      throw new Error(`${where}: ${args.map(String).join(" ")}`);
    },
    warn(...args: readonly unknown[]) {
      warnings.push(args.map(String).join(" "));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

/** Compile a Vega-Lite spec to Vega, collecting warnings; compile errors are thrown. */
export function compileChart(spec: ChartSpec): CompiledChart {
  const warnings: string[] = [];
  const logger = collectingLogger("compileChart", warnings);
  const out = compile(spec, { logger });
  return { vega: out.spec as vega.Spec, warnings };
}

/**
 * A headless Vega view of `spec`, evaluated (its scenegraph built). Call `finalize()` when done.
 * Warnings from compiling and running go to `onWarning` (default: dropped).
 */
export async function renderView(spec: ChartSpec, onWarning?: (message: string) => void): Promise<vega.View> {
  const { vega: compiled, warnings } = compileChart(spec);
  const runtimeWarnings: string[] = [];
  const view = new vega.View(vega.parse(compiled), {
    renderer: "none",
    logger: collectingLogger("renderView", runtimeWarnings),
  });
  await view.runAsync();
  if (onWarning !== undefined) for (const w of [...warnings, ...runtimeWarnings]) onWarning(w);
  return view;
}

/** Options of {@link renderSvg}. */
export interface RenderSvgOptions {
  /**
   * Prefix for the SVG's element ids (clip paths, gradients), so several charts can be inlined in
   * one HTML page without one chart's `url(#…)` resolving to another's element. Default "chart".
   */
  idPrefix?: string;
  /** Receives compile and runtime warnings (default: dropped). */
  onWarning?: (message: string) => void;
}

/**
 * Rename every `id` of an SVG to `${prefix}-0`, `${prefix}-1`, … in order of appearance and
 * update the `url(#…)` and `href="#…"` references. Vega numbers clip paths with a process-wide
 * counter, so without this the same chart rendered twice would differ.
 */
export function renumberSvgIds(svg: string, prefix: string): string {
  if (!/^[A-Za-z][\w-]*$/.test(prefix)) {
    throw new Error(`renderSvg: idPrefix must be a letter followed by letters, digits, "_" or "-", got "${prefix}"`);
  }
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]*)"/g)) {
    if (!ids.has(m[1]!)) ids.set(m[1]!, `${prefix}-${ids.size}`);
  }
  if (ids.size === 0) return svg;
  const rename = (id: string) => ids.get(id) ?? id;
  return svg
    .replace(/(\sid=")([^"]*)"/g, (_, head: string, id: string) => `${head}${rename(id)}"`)
    .replace(/url\(#([^)]*)\)/g, (_, id: string) => `url(#${rename(id)})`)
    .replace(/(href=")#([^"]*)"/g, (_, head: string, id: string) => `${head}#${rename(id)}"`);
}

/** Geometry attributes whose numbers {@link roundSvgGeometry} rounds. */
const GEOMETRY = /(\s(?:d|transform|x|y|x1|x2|y1|y2|width|height|r|cx|cy)=")([^"]*)"/g;

/**
 * Round the numbers in geometry attributes (paths, transforms, positions) to `decimals` places.
 * Vega writes full double precision (`translate(72.18818321147609,58.6…)`); a hundredth of a pixel
 * is invisible and a scatter plot of a thousand points shrinks by about a third. Text and labels are untouched.
 */
export function roundSvgGeometry(svg: string, decimals = 2): string {
  const scale = 10 ** decimals;
  return svg.replace(GEOMETRY, (_, head: string, value: string) => {
    const rounded = value.replace(/-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi, (num) =>
      String(Math.round(Number(num) * scale) / scale),
    );
    return `${head}${rounded}"`;
  });
}

/** Render a Vega-Lite spec to a standalone SVG string (deterministic: same spec, same bytes). */
export async function renderSvg(spec: ChartSpec, options: RenderSvgOptions = {}): Promise<string> {
  const view = await renderView(spec, options.onWarning);
  try {
    return renumberSvgIds(roundSvgGeometry(await view.toSVG()), options.idPrefix ?? "chart");
  } finally {
    view.finalize();
  }
}
