/**
 * Saving and loading the generative observation models (src/perturb/generative/saved-model.ts):
 * a reloaded model gives bit-identical draws, discriminator logits and log-densities for the
 * same key; its config, training record, standardisation and history survive as JSON; bad files
 * give errors naming the path and the problem.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { key, loadSafetensors, random, saveSafetensors } from "../../src/index.js";
import {
  GENERATIVE_MODEL_FORMAT,
  conditionalGANFromBytes,
  conditionalGANToBytes,
  fitObservationFlow,
  loadConditionalGAN,
  loadObservationFlow,
  observationFlowFromBytes,
  saveConditionalGAN,
  saveObservationFlow,
  trainConditionalGAN,
} from "../../src/perturb/generative/index.js";
import { perturbationMix } from "./generative-mix.js";

const SMALL = { generatorHidden: [16, 16], discriminatorHidden: [16], batchSize: 64, steps: 20, logEvery: 5 } as const;

test("conditional GAN: save and reload give bit-identical draws and logits, and the same records", async () => {
  const dir = await mkdtemp(join(tmpdir(), "gan-"));
  try {
    const pairs = perturbationMix(key(61), 300);
    const context = random.normal(key(62), [300, 1]);
    const gan = trainConditionalGAN({ ...pairs, context }, key(63), SMALL);
    const path = join(dir, "gan.safetensors");
    await saveConditionalGAN(path, gan);
    const back = await loadConditionalGAN(path);
    assert.deepEqual(back.sample(key(7), pairs.clean, context).data, gan.sample(key(7), pairs.clean, context).data);
    assert.deepEqual(
      back.discriminate(pairs.clean, pairs.perturbed, context).data,
      gan.discriminate(pairs.clean, pairs.perturbed, context).data,
    );
    assert.deepEqual(back.config, gan.config);
    assert.deepEqual(back.training, gan.training);
    assert.deepEqual(back.standardization, gan.standardization);
    assert.deepEqual(back.history, gan.history);
    assert.equal(back.history.length, 4);
    // the file is a plain safetensors file: float64 weights under dotted names, JSON metadata
    const file = loadSafetensors(await readFile(path));
    assert.equal(file.metadata.format, GENERATIVE_MODEL_FORMAT);
    assert.equal(file.metadata.kind, "conditional-gan");
    assert.deepEqual(file.tensors["generator.layers.0.weight"]!.shape, [2 + 1 + 4, 16]);
    assert.deepEqual(JSON.parse(file.metadata.config!).steps, 20);
    // the in-memory bytes give the same model
    assert.deepEqual(
      conditionalGANFromBytes(conditionalGANToBytes(gan)).sample(key(8), pairs.clean, context).data,
      gan.sample(key(8), pairs.clean, context).data,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("observation flow: save and reload give bit-identical draws and log-densities", async () => {
  const dir = await mkdtemp(join(tmpdir(), "flow-"));
  try {
    const pairs = perturbationMix(key(71), 300);
    const flow = fitObservationFlow(pairs, key(72), { epochs: 2, hidden: [8], layers: 2 });
    const path = join(dir, "flow.safetensors");
    await saveObservationFlow(path, flow);
    const back = await loadObservationFlow(path);
    assert.deepEqual(back.apply(key(7), pairs.clean).data, flow.apply(key(7), pairs.clean).data);
    assert.deepEqual(back.logProb(pairs.perturbed, pairs.clean).data, flow.logProb(pairs.perturbed, pairs.clean).data);
    assert.deepEqual(back.config, flow.config);
    assert.deepEqual(back.training, flow.training);
    assert.deepEqual(back.history, flow.history);
    assert.deepEqual(back.params, flow.params);
    assert.equal(back.type, "learned-flow");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("loading reports missing, corrupt and foreign files and the wrong model kind", async () => {
  const dir = await mkdtemp(join(tmpdir(), "bad-"));
  try {
    const pairs = perturbationMix(key(81), 100);
    const gan = trainConditionalGAN(pairs, key(82), { ...SMALL, steps: 2 });
    const flow = fitObservationFlow(pairs, key(83), { epochs: 1, hidden: [4], layers: 1 });
    const ganPath = join(dir, "gan.safetensors");
    const flowPath = join(dir, "flow.safetensors");
    await saveConditionalGAN(ganPath, gan);
    await saveObservationFlow(flowPath, flow);

    const missing = join(dir, "nope.safetensors");
    await assert.rejects(
      loadConditionalGAN(missing),
      new RegExp(`loadConditionalGAN: could not read ${missing}: .*ENOENT`),
    );
    await assert.rejects(
      loadObservationFlow(ganPath),
      /loadObservationFlow: .*gan.safetensors holds a model of kind "conditional-gan", expected "observation-flow" \(load it with loadConditionalGAN\)/,
    );
    await assert.rejects(
      loadConditionalGAN(flowPath),
      /holds a model of kind "observation-flow", expected "conditional-gan"/,
    );

    const bytes = await readFile(ganPath);
    const truncated = join(dir, "truncated.safetensors");
    await writeFile(truncated, bytes.subarray(0, bytes.length - 10));
    await assert.rejects(loadConditionalGAN(truncated), /loadConditionalGAN: .*truncated.safetensors: loadSafetensors/);

    const foreign = join(dir, "foreign.safetensors");
    await writeFile(foreign, saveSafetensors({ w: random.normal(key(1), [2, 2]) }));
    await assert.rejects(
      loadConditionalGAN(foreign),
      /foreign.safetensors is not a saved generative observation model/,
    );

    const file = loadSafetensors(bytes);
    const badJson = saveSafetensors(
      { generator: gan.generatorParams, discriminator: gan.discriminatorParams },
      { ...file.metadata, config: "{not json" },
    );
    assert.throws(
      () => conditionalGANFromBytes(badJson),
      /metadata entry "config" of the given bytes is not valid JSON/,
    );
    const badConfig = saveSafetensors(
      { generator: gan.generatorParams, discriminator: gan.discriminatorParams },
      { ...file.metadata, config: JSON.stringify({ ...gan.config, latentDim: -2 }) },
    );
    assert.throws(
      () => conditionalGANFromBytes(badConfig),
      /loadConditionalGAN: the given bytes: ConditionalGAN config: latentDim must be a positive integer, got -2/,
    );
    const missingWeights = saveSafetensors({ generator: gan.generatorParams }, file.metadata);
    assert.throws(
      () => conditionalGANFromBytes(missingWeights),
      /loadConditionalGAN: the given bytes: .*discriminator/,
    );
    const noHistory = saveSafetensors(flow.estimator.params, {
      format: GENERATIVE_MODEL_FORMAT,
      kind: "observation-flow",
    });
    assert.throws(() => observationFlowFromBytes(noHistory), /lacks the metadata entry "config"/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
