/**
 * The SciPy reference cases of test/fixtures/distributions.json (written by
 * scripts/fixtures/distributions.py), decoded, with a builder for each case's distribution.
 */
import { readFileSync } from "node:fs";
import {
  Bernoulli,
  Beta,
  Binomial,
  Categorical,
  Cauchy,
  Dirichlet,
  type Distribution,
  Exponential,
  Gamma,
  HalfCauchy,
  HalfNormal,
  InverseGamma,
  Laplace,
  LogNormal,
  Mixture,
  MixtureSameFamily,
  MultivariateNormal,
  Normal,
  Poisson,
  StudentT,
  TransformedDistribution,
  TruncatedNormal,
  Uniform,
  type NestedArray,
  type Tensor,
  tensor,
} from "../../src/index.js";
import { expBijector } from "./testBijectors.js";

type Encoded = number | string | Encoded[];

/** One reference case, with non-finite numbers decoded. */
export interface FixtureCase {
  dist: string;
  note: string;
  params: Record<string, NestedArray>;
  x?: NestedArray;
  logProb?: NestedArray;
  cdf?: NestedArray;
  q?: NestedArray;
  icdf?: NestedArray;
  mean?: NestedArray;
  variance?: NestedArray;
  entropy?: NestedArray;
}

function decode(v: Encoded): NestedArray {
  if (typeof v === "string") return v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : NaN;
  if (typeof v === "number") return v;
  return v.map(decode);
}

function decodeCase(raw: Record<string, unknown>): FixtureCase {
  const out: Record<string, unknown> = { dist: raw.dist, note: raw.note };
  const params: Record<string, NestedArray> = {};
  for (const [k, v] of Object.entries(raw.params as Record<string, Encoded>)) params[k] = decode(v);
  out.params = params;
  for (const k of ["x", "logProb", "cdf", "q", "icdf", "mean", "variance", "entropy"])
    if (raw[k] !== undefined) out[k] = decode(raw[k] as Encoded);
  return out as unknown as FixtureCase;
}

const path = new URL("../../../test/fixtures/distributions.json", import.meta.url);
const json = JSON.parse(readFileSync(path, "utf8")) as { cases: Record<string, unknown>[] };

/** Every case of the fixture file. */
export const cases: FixtureCase[] = json.cases.map(decodeCase);

/** A case's parameter as a tensor. */
export function param(c: FixtureCase, name: string): Tensor {
  const v = c.params[name];
  if (v === undefined) throw new Error(`fixture ${c.dist}: no parameter ${name}`);
  return tensor(v);
}

/** logit(p) = log(p/(1-p)), for the logits parameterisation of the same case. */
function logit(p: Tensor): Tensor {
  return tensor(
    Float64Array.from(p.data, (v) => Math.log(v) - Math.log1p(-v)),
    p.shape,
  );
}

/** True when every probability is strictly between 0 and 1 (so its logit is finite). */
function interior(p: Tensor): boolean {
  return p.data.every((v) => v > 0 && v < 1);
}

/**
 * The distributions a case describes: usually one; two where the library has two
 * parameterisations (probs and logits, scaleTril and covariance, MixtureSameFamily and
 * Mixture) that must agree with the same reference.
 */
export function build(c: FixtureCase): { label: string; dist: Distribution }[] {
  const p = (n: string) => param(c, n);
  switch (c.dist) {
    case "Normal":
      return [{ label: "Normal", dist: Normal(p("loc"), p("scale")) }];
    case "LogNormal":
      return [{ label: "LogNormal", dist: LogNormal(p("loc"), p("scale")) }];
    case "HalfNormal":
      return [{ label: "HalfNormal", dist: HalfNormal(p("scale")) }];
    case "Cauchy":
      return [{ label: "Cauchy", dist: Cauchy(p("loc"), p("scale")) }];
    case "HalfCauchy":
      return [{ label: "HalfCauchy", dist: HalfCauchy(p("scale")) }];
    case "StudentT":
      return [{ label: "StudentT", dist: StudentT(p("df"), p("loc"), p("scale")) }];
    case "Uniform":
      return [{ label: "Uniform", dist: Uniform(p("low"), p("high")) }];
    case "Beta":
      return [{ label: "Beta", dist: Beta(p("concentration1"), p("concentration0")) }];
    case "Gamma":
      return [{ label: "Gamma", dist: Gamma(p("concentration"), p("rate")) }];
    case "InverseGamma":
      return [{ label: "InverseGamma", dist: InverseGamma(p("concentration"), p("rate")) }];
    case "Exponential":
      return [{ label: "Exponential", dist: Exponential(p("rate")) }];
    case "Laplace":
      return [{ label: "Laplace", dist: Laplace(p("loc"), p("scale")) }];
    // logits must be finite, so degenerate probabilities (0 or 1) are checked as probs only
    case "Bernoulli":
      return [
        { label: "Bernoulli(probs)", dist: Bernoulli({ probs: p("probs") }) },
        ...(interior(p("probs"))
          ? [{ label: "Bernoulli(logits)", dist: Bernoulli({ logits: logit(p("probs")) }) }]
          : []),
      ];
    case "Binomial":
      return [
        { label: "Binomial(probs)", dist: Binomial(p("totalCount"), { probs: p("probs") }) },
        ...(interior(p("probs"))
          ? [{ label: "Binomial(logits)", dist: Binomial(p("totalCount"), { logits: logit(p("probs")) }) }]
          : []),
      ];
    case "Poisson":
      return [{ label: "Poisson", dist: Poisson(p("rate")) }];
    case "Categorical": {
      const probs = p("probs");
      const logits = tensor(Float64Array.from(probs.data, Math.log), probs.shape);
      return [
        { label: "Categorical(probs)", dist: Categorical({ probs }) },
        { label: "Categorical(logits)", dist: Categorical({ logits }) },
      ];
    }
    case "MultivariateNormal":
      return [
        { label: "MultivariateNormal(scaleTril)", dist: MultivariateNormal(p("loc"), { scaleTril: p("scaleTril") }) },
        {
          label: "MultivariateNormal(covarianceMatrix)",
          dist: MultivariateNormal(p("loc"), { covarianceMatrix: p("covarianceMatrix") }),
        },
      ];
    case "Dirichlet":
      return [{ label: "Dirichlet", dist: Dirichlet(p("concentration")) }];
    case "TruncatedNormal":
      return [{ label: "TruncatedNormal", dist: TruncatedNormal(p("loc"), p("scale"), p("low"), p("high")) }];
    case "MixtureNormal": {
      const w = p("weights");
      const loc = p("loc");
      const scale = p("scale");
      const k = w.size;
      const parts = Array.from({ length: k }, (_, i) => Normal(loc.data[i]!, scale.data[i]!));
      return [
        { label: "MixtureSameFamily", dist: MixtureSameFamily(Categorical({ probs: w }), Normal(loc, scale)) },
        { label: "Mixture", dist: Mixture(w, parts) },
      ];
    }
    case "TransformedExpNormal":
      return [
        {
          label: "TransformedDistribution(Normal, exp)",
          dist: TransformedDistribution(Normal(p("loc"), p("scale")), expBijector),
        },
      ];
    default:
      throw new Error(`fixture: unknown distribution ${c.dist}`);
  }
}
