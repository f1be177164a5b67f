/**
 * A report from synthetic results: posterior draws around known true weights, a reliability
 * diagram of a calibrated and an over-confident predictor, returns on two perturbation sets, and
 * a predictive check — everything the policy layer fills in, made up here so the page can be
 * looked at without running inference. `node dist/examples/report.js [out.html]`
 */
import { summary } from "../src/infer/diagnostics/index.js";
import { ks2samp, reliabilityDiagramBinary, wasserstein1 } from "../src/metrics/index.js";
import { type Key, key, normal, split, uniform } from "../src/random/index.js";
import { type ReportInput, buildReport, writeReport } from "../src/report/index.js";

/** The true weights behind the synthetic draws. */
export const TRUE_WEIGHTS = [0.8, -0.5, 1.2];

/** Synthetic report input: two chains of draws near TRUE_WEIGHTS, calibration, regret and a PPC. */
export function syntheticInput(numDraws = 400): ReportInput {
  const [kDraws, kP, kY, kObs, kSim] = split(key(7), 5) as [Key, Key, Key, Key, Key];
  const names = ["w[0]", "w[1]", "w[2]"];
  const numChains = 2;
  const noise = normal(kDraws, [numChains, numDraws, names.length]).data;
  const scale = [0.1, 0.15, 0.2];
  const draws = Array.from({ length: numChains }, (_, c) =>
    Array.from({ length: numDraws }, (_, d) =>
      names.map((_, j) => TRUE_WEIGHTS[j]! + scale[j]! * noise[(c * numDraws + d) * names.length + j]!),
    ),
  );
  const table = summary({ chains: draws.map((ch) => ch.flat()), dim: names.length, names });

  // Bayesian: the label is drawn with the predicted probability (calibrated by construction);
  // nominal: the same predictions pushed towards 0 and 1 (over-confident).
  const n = 2000;
  const p = uniform(kP, [n]).data;
  const u = uniform(kY, [n]).data;
  const labels = Array.from(p, (pi, i) => (u[i]! < pi ? 1 : 0));
  const sharpen = (x: number) => x ** 3 / (x ** 3 + (1 - x) ** 3);
  const reliability = [
    { method: "Bayesian", bins: reliabilityDiagramBinary(p, labels, { numBins: 10 }) },
    { method: "nominal", bins: reliabilityDiagramBinary(Array.from(p, sharpen), labels, { numBins: 10 }) },
  ];

  const observed = Array.from(normal(kObs, [60]).data, (z) => 100 + 15 * z);
  const simulated = Array.from(normal(kSim, [600]).data, (z) => 98 + 17 * z);
  const ks = ks2samp(observed, simulated);

  return {
    title: "Policy posterior: synthetic example",
    createdAt: "2026-01-01T00:00:00Z",
    summary: ["Softmax policy with 3 weights, fitted with NUTS (2 chains) to synthetic observations."],
    posterior: { names, draws, truth: TRUE_WEIGHTS },
    summaryRows: table.rows,
    diagnostics: { divergences: 0, "tree depth saturation": 0, "E-BFMI (min)": 0.92 },
    calibration: [
      {
        method: "Bayesian",
        ece: 0.021,
        brier: 0.168,
        nll: 0.502,
        coverage50: 0.49,
        coverage80: 0.81,
        coverage95: 0.95,
      },
      { method: "nominal", ece: 0.094, brier: 0.181, nll: 0.611, coverage50: 0.38, coverage80: 0.64, coverage95: 0.83 },
    ],
    reliability,
    regret: ["held-out", "unseen"].flatMap((set, s) =>
      [
        ["oracle", 200, 0],
        ["nominal", 171 - 12 * s, 29 + 12 * s],
        ["Bayesian", 186 - 5 * s, 14 + 5 * s],
      ].map(([method, meanReturn, regret]) => ({
        method: method as string,
        perturbationSet: set,
        meanReturn: meanReturn as number,
        standardError: 4,
        regret: regret as number,
      })),
    ),
    ppc: [
      {
        quantity: "episode return",
        observed,
        simulated,
        ksStatistic: ks.statistic,
        ksPValue: ks.pvalue,
        wasserstein1: wasserstein1(observed, simulated),
      },
    ],
    config: { engine: "NUTS", numChains, numDraws, targetAccept: 0.8, perturbation: { kind: "gaussian", std: 0.1 } },
    provenance: { seed: 7, package: "policy-posterior", dataHash: "sha256:synthetic" },
  };
}

/** Build the synthetic report; write it to `path` when given. Returns the HTML. */
export async function main(path?: string, log: (s: string) => void = console.log): Promise<string> {
  const input = syntheticInput();
  const html = await buildReport(input);
  if (path !== undefined) {
    await writeReport(path, input);
    log(`wrote ${path} (${html.length} characters)`);
  }
  return html;
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv[2] ?? "report.html");
