import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../helpers/assert.js";
import { PolicyPosteriorSampler } from "../../src/policy/sampler.js";
import { weightDraws } from "../../src/policy/predictive.js";
import { key, normal, split } from "../../src/random/index.js";
import { rowsByName, softmaxData } from "./helpers.js";

const G = 6;
const PER_GROUP = 40;
const GLOBAL = [1.5, -0.5]; // [slope, bias] of the one-dimensional state
const SPREAD = 0.4;

/** Per-group weights around GLOBAL and data (no observation noise), group labels 10, 20, … */
function hierarchicalData() {
  const [kw, kd] = split(key(900));
  const z = normal(kw!, [G, 2]).data;
  const groupWeights = Array.from({ length: G }, (_, g) => [
    [GLOBAL[0]! + SPREAD * z[2 * g]!],
    [GLOBAL[1]! + SPREAD * z[2 * g + 1]!],
  ]);
  const obs: number[][] = [];
  const actions: number[] = [];
  const groups: number[] = [];
  const keys = split(kd!, G);
  groupWeights.forEach((w, g) => {
    const d = softmaxData(keys[g]!, PER_GROUP, w, 0);
    obs.push(...d.obs);
    actions.push(...d.actions);
    groups.push(10 * (g + 1));
  });
  return { groupWeights, obs, actions, groups: groups.flatMap((l) => new Array<number>(PER_GROUP).fill(l)) };
}

test("hierarchy: the global mean's posterior covers it and group weights shrink toward it", async () => {
  const data = hierarchicalData();
  const sampler = new PolicyPosteriorSampler({
    family: "linear-softmax",
    numActions: 2,
    hierarchy: "episode",
    numChains: 2,
    numWarmup: 250,
    parallelChains: false,
    seed: 2,
  });
  const post = await sampler.samplePosterior(data.obs, data.actions, 250, { groups: data.groups });
  assert.equal(post.numGroups, G);
  assert.deepEqual(post.samples["weights"]!.shape, [2, 250, G, 2, 1]);
  assert.ok(post.diagnostics.maxRhat < 1.05, `R-hat ${post.diagnostics.maxRhat}`);
  const rows = rowsByName(post.summary.rows);
  // weights = weights_loc + weights_scale · weights_raw, draw by draw (non-centred).
  const w = post.samples["weights"]!.data;
  const loc = post.samples["weights_loc"]!.data;
  const sc = post.samples["weights_scale"]!.data;
  const raw = post.samples["weights_raw"]!.data;
  for (const t of [0, 17, 499])
    for (let g = 0; g < G; g++)
      for (let f = 0; f < 2; f++)
        assertClose(w[(t * G + g) * 2 + f]!, loc[t * 2 + f]! + sc[t * 2 + f]! * raw[(t * G + g) * 2 + f]!, {
          atol: 1e-12,
        });
  // The global mean lies within 3 posterior sd of its posterior mean.
  const locMean: number[] = [];
  for (let f = 0; f < 2; f++) {
    const r = rows.get(`weights_loc[${f},0]`)!;
    locMean.push(r.mean);
    assert.ok(Math.abs(r.mean - GLOBAL[f]!) < 3 * r.sd, `weights_loc[${f}]: ${r.mean} ± ${r.sd}, true ${GLOBAL[f]}`);
  }
  // Shrinkage: the posterior means of the group weights lie closer to the global mean's posterior
  // mean than the unpooled per-group estimates (each group fitted alone, weak prior) do.
  let pooled = 0;
  let unpooled = 0;
  let closer = 0;
  for (let g = 0; g < G; g++) {
    const idx = Array.from({ length: PER_GROUP }, (_, i) => g * PER_GROUP + i);
    const alone = new PolicyPosteriorSampler({ family: "linear-softmax", numActions: 2, policyPriorVariance: 10 });
    const fit = alone.fitNominal(
      idx.map((i) => data.obs[i]!),
      idx.map((i) => data.actions[i]!),
    );
    let dp = 0;
    let du = 0;
    for (let f = 0; f < 2; f++) {
      dp += (rows.get(`weights[${g},${f},0]`)!.mean - locMean[f]!) ** 2;
      du += (fit.weights[f]! - locMean[f]!) ** 2;
    }
    pooled += dp;
    unpooled += du;
    if (dp < du) closer++;
  }
  assert.ok(pooled < 0.7 * unpooled, `pooled spread ${pooled} vs unpooled ${unpooled}`);
  assert.ok(closer >= G - 1, `${closer} of ${G} groups shrink toward the global mean`);
});

test("hierarchy: weightDraws for a fitted group and for a new group from the population", async () => {
  const data = hierarchicalData();
  const sampler = new PolicyPosteriorSampler({
    family: "linear-softmax",
    numActions: 2,
    hierarchy: "agent",
    engine: "svi",
    sviSteps: 400,
    numVariationalSamples: 50,
    seed: 4,
  });
  const post = await sampler.samplePosterior(data.obs, data.actions, 50, { groups: data.groups });
  const group2 = weightDraws(post.draws, post.config, 1, key(1), { group: 2 });
  const w = post.samples["weights"]!.data;
  for (let t = 0; t < 50; t++)
    for (let f = 0; f < 2; f++) assert.equal(group2.weights[t * 2 + f], w[(t * G + 2) * 2 + f]);
  // A new group: loc + scale · z with z ~ N(0, 1) drawn from the key.
  const fresh = weightDraws(post.draws, post.config, 1, key(9));
  const z = normal(key(9), [50, 2]).data;
  const loc = post.samples["weights_loc"]!.data;
  const sc = post.samples["weights_scale"]!.data;
  for (let t = 0; t < 50; t++)
    for (let f = 0; f < 2; f++)
      assertClose(fresh.weights[t * 2 + f]!, loc[t * 2 + f]! + sc[t * 2 + f]! * z[t * 2 + f]!, { atol: 1e-12 });
  assert.throws(
    () => weightDraws(post.draws, post.config, 1, key(1), { group: G }),
    /group: expected an integer in \[0, 5\], got 6/,
  );
});
