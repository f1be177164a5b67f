/**
 * `policy-posterior demo`: the end-to-end demo on built-in defaults (what `npm start` runs).
 * @module
 */
import { UsageError } from "../args.js";
import type { Command, CommandContext, CommandResult } from "../command.js";
import { type DemoOptions, formatDemo, runDemo } from "../demo-pipeline.js";

function positiveInteger(ctx: CommandContext, name: string): number | undefined {
  const v = ctx.args.options[name];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1)
    throw new UsageError(`--${name} must be a positive integer, got ${String(v)}`);
  return v;
}

function nonNegativeInteger(ctx: CommandContext, name: string): number | undefined {
  const v = ctx.args.options[name];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
    throw new UsageError(`--${name} must be a non-negative integer, got ${String(v)}`);
  return v;
}

function numberIn(ctx: CommandContext, name: string, lo: number, hi: number): number | undefined {
  const v = ctx.args.options[name];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !(v >= lo && v <= hi))
    throw new UsageError(`--${name} must be a number in [${lo}, ${hi}], got ${String(v)}`);
  return v;
}

async function run(ctx: CommandContext): Promise<CommandResult> {
  if (ctx.args.positionals.length > 0)
    throw new UsageError(`demo takes no positional arguments, got ${JSON.stringify(ctx.args.positionals[0])}`);
  const o = ctx.args.options;
  const options: DemoOptions = {
    outDir: typeof o["out-dir"] === "string" ? o["out-dir"] : undefined,
    seed: nonNegativeInteger(ctx, "seed"),
    numEpisodes: positiveInteger(ctx, "episodes"),
    relativeNoise: numberIn(ctx, "noise", 0, 1),
    epsilon: numberIn(ctx, "epsilon", 0, 1),
    maxTransitions: positiveInteger(ctx, "max-transitions"),
    numWarmup: positiveInteger(ctx, "num-warmup"),
    numSamples: positiveInteger(ctx, "num-samples"),
    numChains: positiveInteger(ctx, "num-chains"),
    sviSteps: positiveInteger(ctx, "svi-steps"),
    regretEpisodes: positiveInteger(ctx, "regret-episodes"),
    ppcEpisodes: positiveInteger(ctx, "ppc-episodes"),
    progress: ctx.progress,
  };
  if (options.numEpisodes !== undefined && options.numEpisodes < 4)
    throw new UsageError(`--episodes must be at least 4 (a quarter are held out), got ${options.numEpisodes}`);
  const result = await runDemo(options);
  return { data: result, text: formatDemo(result) };
}

/** The `demo` command. */
export const demoCommand: Command = {
  name: "demo",
  summary: "end-to-end demo: CartPole data, NUTS and SVI posteriors, calibration, regret, PPC, report",
  help: [
    "Usage: policy-posterior demo [--out-dir DIR] [--seed N] [options]",
    "",
    "Generates CartPole-v1 data from the pretrained behaviour policy with Gaussian sensor noise and an",
    "FGSM attack (held out: an unseen perturbation), fits the policy posterior with NUTS and SVI,",
    "and prints calibration (ECE, Brier, NLL), regret (oracle, nominal, Bayesian) and posterior",
    "predictive checks. Writes the data set, the NUTS posterior, results.json, report.html and",
    "provenance.jsonl to the output folder.",
  ].join("\n"),
  options: [
    {
      name: "out-dir",
      type: "string",
      valueName: "DIR",
      description: "output folder",
      default: "policy-posterior-demo",
    },
    { name: "seed", type: "integer", valueName: "N", description: "seed of every random choice", default: 0 },
    { name: "episodes", type: "integer", valueName: "N", description: "behaviour-policy episodes", default: 16 },
    {
      name: "noise",
      type: "number",
      valueName: "X",
      description: "sensor noise sd as a fraction of each state's spread",
      default: 0.5,
    },
    {
      name: "epsilon",
      type: "number",
      valueName: "X",
      description: "L∞ radius of the unseen FGSM attack",
      default: 0.01,
    },
    {
      name: "max-transitions",
      type: "integer",
      valueName: "N",
      description: "training transitions fitted",
      default: 1500,
    },
    {
      name: "num-warmup",
      type: "integer",
      valueName: "N",
      description: "NUTS warm-up iterations per chain",
      default: 500,
    },
    { name: "num-samples", type: "integer", valueName: "N", description: "NUTS draws per chain", default: 500 },
    { name: "num-chains", type: "integer", valueName: "N", description: "NUTS chains", default: 4 },
    { name: "svi-steps", type: "integer", valueName: "N", description: "maximum SVI steps", default: 3000 },
    {
      name: "regret-episodes",
      type: "integer",
      valueName: "N",
      description: "episodes per method and set",
      default: 50,
    },
    { name: "ppc-episodes", type: "integer", valueName: "N", description: "replicated episodes", default: 20 },
  ],
  run,
};
