/**
 * Reliability diagram: mean predicted probability against observed frequency per bin, one colour
 * per method, point area proportional to the bin's count (Guo et al. 2017, fig. 1; scikit-learn's
 * calibration_curve plot), with the diagonal of perfect calibration.
 * @module
 */
import type { ReliabilityData } from "../types.js";
import { seriesColors } from "../theme.js";
import { checkFinite } from "./data.js";
import { type ChartSpec, withTheme } from "./spec.js";

/** Options of {@link reliabilitySpec}. */
export interface ReliabilityOptions {
  /** Side of the square plot in pixels (default 300). */
  size?: number;
}

/** One drawn point of a reliability diagram. */
export interface ReliabilityPoint {
  method: string;
  confidence: number;
  accuracy: number;
  count: number;
}

/** The non-empty bins of every series as points, checked: confidence and accuracy in [0, 1], count > 0. */
export function reliabilityPoints(data: ReliabilityData): ReliabilityPoint[] {
  if (!Array.isArray(data) || data.length === 0) {
    throw new Error("reliabilitySpec: expected a non-empty array of series { method, bins }");
  }
  const points: ReliabilityPoint[] = [];
  const methods = new Set<string>();
  for (const [s, series] of data.entries()) {
    if (typeof series?.method !== "string" || !Array.isArray(series.bins)) {
      throw new Error(`reliabilitySpec: series ${s} must be { method: string, bins: ReliabilityBin[] }`);
    }
    if (methods.has(series.method)) throw new Error(`reliabilitySpec: method "${series.method}" appears twice`);
    methods.add(series.method);
    for (const [b, bin] of series.bins.entries()) {
      const where = `series "${series.method}" bin ${b}`;
      const count = checkFinite("reliabilitySpec", `${where} count`, bin.count);
      if (count < 0) throw new Error(`reliabilitySpec: ${where} count must be >= 0, got ${count}`);
      if (count === 0) continue;
      const confidence = checkFinite("reliabilitySpec", `${where} confidence`, bin.confidence);
      const accuracy = checkFinite("reliabilitySpec", `${where} accuracy`, bin.accuracy);
      for (const [what, v] of [
        ["confidence", confidence],
        ["accuracy", accuracy],
      ] as const) {
        if (v < 0 || v > 1) throw new Error(`reliabilitySpec: ${where} ${what} must be in [0, 1], got ${v}`);
      }
      points.push({ method: series.method, confidence, accuracy, count });
    }
  }
  return points;
}

/**
 * A Vega-Lite spec of the reliability diagram of one or more methods. Both axes span exactly
 * [0, 1]; a calibrated method's points lie on the dashed diagonal, points below it are
 * over-confident, points above under-confident.
 */
export function reliabilitySpec(data: ReliabilityData, options: ReliabilityOptions = {}): ChartSpec {
  const points = reliabilityPoints(data);
  const { size = 300 } = options;
  const methods = data.map((s) => s.method);
  const unit = { domain: [0, 1], nice: false, zero: false };
  const x = { type: "quantitative", title: "mean predicted probability", scale: unit };
  const y = { type: "quantitative", title: "observed frequency", scale: unit };
  const color = { field: "method", type: "nominal", title: "method", scale: seriesColors(methods) };
  return withTheme({
    title: {
      text: "Reliability diagram",
      subtitle: "point area ∝ examples in the bin; dashed: perfect calibration",
    },
    width: size,
    height: size,
    layer: [
      {
        data: {
          values: [
            { p: 0, f: 0 },
            { p: 1, f: 1 },
          ],
        },
        mark: { type: "line", color: "#999", strokeDash: [5, 4], strokeWidth: 1 },
        encoding: { x: { field: "p", ...x }, y: { field: "f", ...y } },
      },
      {
        data: { values: points },
        layer: [
          {
            mark: { type: "line", strokeWidth: 1.5, opacity: 0.6 },
            encoding: { x: { field: "confidence", ...x }, y: { field: "accuracy", ...y }, color },
          },
          {
            mark: { type: "circle", opacity: 0.85, stroke: "white", strokeWidth: 0.5 },
            encoding: {
              x: { field: "confidence", ...x },
              y: { field: "accuracy", ...y },
              color,
              // area ∝ count exactly: a linear scale from 0 (Vega symbol size is an area)
              size: { field: "count", type: "quantitative", title: "examples", scale: { zero: true, range: [0, 500] } },
            },
          },
        ],
      },
    ],
  });
}
