/**
 * AutoFlow against AutoNormal on a banana-shaped posterior (a model with no data, so the
 * posterior is the prior, drawn exactly by ancestral sampling):
 *
 *   x1 ~ N(0, 1.5),   x2 | x1 ~ N(0.5·x1² − 1, 0.5).
 *
 * A mean-field Gaussian cannot bend; an IAF (one layer already represents this banana
 * exactly: x2's shift is a function of x1) or a RealNVP flow can. Both guides get the same
 * budget (steps, particles, optimiser and schedule); each fit's draws are compared with exact
 * draws by the energy distance (Székely & Rizzo 2013).
 *
 * Margins. With these keys the IAF guide reaches 0.040 and AutoNormal 0.278 (two independent
 * exact samples of this size differ by ~0.0002); with SVI keys 3 and 4 instead of 1, IAF
 * 0.063–0.072 against AutoNormal 0.28–0.29. So "IAF below a third of AutoNormal" holds with
 * room to spare. RealNVP converges more slowly on this target (0.188 here, 0.20–0.22 with
 * keys 3 and 4, against AutoNormal 0.28–0.29 with the same smaller learning rate): it is held
 * to "below 0.8 of AutoNormal", a thinner margin.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AutoFlow,
  AutoNormal,
  Normal,
  SVI,
  TraceELBO,
  adam,
  exponentialDecay,
  key,
  random,
  sample,
  type AutoFlowOptions,
  type AutoGuide,
} from "../../../src/index.js";
import { energyDistance } from "./auto-flow-energy-distance.js";

function banana(): void {
  const x1 = sample("x1", Normal(0, 1.5));
  sample("x2", Normal(x1.mul(x1).mul(0.5).sub(1), 0.5));
}

const N = 800;
const STEPS = 2500;

/** Exact draws, [N, 2] row-major, by ancestral sampling. */
function referenceDraws(seed: number): Float64Array {
  const e = random.normal(key(seed), [N, 2]).data;
  const out = new Float64Array(2 * N);
  for (let i = 0; i < N; i++) {
    const x1 = 1.5 * e[2 * i]!;
    out[2 * i] = x1;
    out[2 * i + 1] = 0.5 * x1 * x1 - 1 + 0.5 * e[2 * i + 1]!;
  }
  return out;
}

/** Energy distance between the fitted guide's draws and exact draws. */
function distanceAfterFit(guide: AutoGuide<undefined>, learningRate: number, decayRate: number): number {
  const lr = exponentialDecay({ initialValue: learningRate, decayRate, decaySteps: STEPS });
  const svi = new SVI(banana, guide, adam({ learningRate: lr }), TraceELBO({ numParticles: 2 }));
  const { params } = svi.run(key(1), STEPS, undefined);
  const draws = guide.samplePosterior(key(2), params, N);
  const fitted = new Float64Array(2 * N);
  for (let i = 0; i < N; i++) {
    fitted[2 * i] = draws.x1!.data[i]!;
    fitted[2 * i + 1] = draws.x2!.data[i]!;
  }
  return energyDistance(fitted, referenceDraws(99), 2);
}

test("AutoFlow (IAF) fits a banana posterior much closer than AutoNormal with the same budget", () => {
  const options: AutoFlowOptions = { flow: "iaf", numLayers: 3, hidden: [16, 16], initScale: 1 };
  const flow = distanceAfterFit(AutoFlow(banana, options), 0.02, 0.05);
  const normal = distanceAfterFit(AutoNormal(banana), 0.02, 0.05);
  assert.ok(flow < normal / 3, `energy distance to exact draws: AutoFlow ${flow}, AutoNormal ${normal}`);
});

test("AutoFlow (RealNVP) fits a banana posterior closer than AutoNormal with the same budget", () => {
  const options: AutoFlowOptions = { flow: "realNVP", numLayers: 4, hidden: [16, 16], initScale: 1 };
  const flow = distanceAfterFit(AutoFlow(banana, options), 0.005, 0.2);
  const normal = distanceAfterFit(AutoNormal(banana), 0.005, 0.2);
  assert.ok(flow < 0.8 * normal, `energy distance to exact draws: AutoFlow ${flow}, AutoNormal ${normal}`);
});
