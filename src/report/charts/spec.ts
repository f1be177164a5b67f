/**
 * The common frame of every chart spec.
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import { THEME } from "../theme.js";

/** The Vega-Lite schema the specs are written against. */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** A Vega-Lite chart spec: a plain, JSON-able object. */
export type ChartSpec = TopLevelSpec;

/** A chart title with an optional subtitle. */
export interface ChartTitle {
  text: string;
  subtitle?: string;
}

/** Add the schema and the shared theme to a spec body. */
export function withTheme(body: Record<string, unknown>): ChartSpec {
  return { $schema: VEGA_LITE_SCHEMA, config: THEME, ...body } as ChartSpec;
}
