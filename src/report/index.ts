/**
 * Reports: Vega-Lite chart specs (posterior marginals, pairs, traces, reliability diagram, return
 * and regret bars, posterior predictive checks), rendered to SVG without a browser, and a
 * self-contained HTML report.
 * @module
 */
export { MAX_PLOTTED_PARAMETERS } from "./types.js";
export type {
  CalibrationRow,
  PosteriorDraws,
  PpcItem,
  RegretRow,
  ReliabilityData,
  ReliabilitySeries,
  ReportInput,
  Scalar,
} from "./types.js";
export { type ChartSpec, VEGA_LITE_SCHEMA } from "./charts/spec.js";
export { type MarginalsOptions, marginalsSpec } from "./charts/marginals.js";
export { type PairsOptions, pairsSpec } from "./charts/pairs.js";
export { type TracesOptions, tracesSpec } from "./charts/traces.js";
export { type ReliabilityOptions, reliabilitySpec } from "./charts/reliability.js";
export { type RegretMeasure, type RegretOptions, regretSpec } from "./charts/regret.js";
export { type PpcOptions, ppcSpec } from "./charts/ppc.js";
export { thinIndices } from "./charts/data.js";
export { THEME, seriesColors } from "./theme.js";
export { type CompiledChart, type RenderSvgOptions, compileChart, renderSvg } from "./render-svg.js";
export { ESS_FLAG, REPORT_SECTIONS, RHAT_FLAG, type ReportSection, buildReport, writeReport } from "./html.js";
