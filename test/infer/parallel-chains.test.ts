/**
 * Chains in worker threads give exactly the draws of the same chains run serially, and the
 * same key gives the same draws.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { MCMC, NUTS } from "../../src/infer/mcmc/index.js";
import { key } from "../../src/random/index.js";
import { tensor } from "../../src/tensor/tensor.js";
import { eightSchoolsNoncentered } from "./models/posteriordb-models.js";

const data = { y: tensor([28, 8, -3, 7, -1, 1, 18, 12]), sigma: tensor([15, 10, 16, 11, 9, 11, 10, 18]) };
const modelModule = fileURLToPath(new URL("./models/posteriordb-models.js", import.meta.url));

test("serial and parallel chains are identical, bit for bit", async () => {
  const mcmc = new MCMC(NUTS(eightSchoolsNoncentered), { numWarmup: 100, numSamples: 50, numChains: 3 });
  const serial = mcmc.run(key(17), data);
  const parallel = await mcmc.runParallel(key(17), data, {
    modelModule,
    exportName: "eightSchoolsNoncentered",
    maxWorkers: 2,
  });
  for (const site of ["mu", "tau", "theta_tilde", "theta"])
    assert.deepEqual(parallel.samples[site]!.data, serial.samples[site]!.data, site);
  parallel.chains.forEach((c, i) => {
    assert.deepEqual(c.stats.treeDepth, serial.chains[i]!.stats.treeDepth);
    assert.equal(c.stepSize, serial.chains[i]!.stepSize);
  });
  const again = mcmc.run(key(17), data);
  assert.deepEqual(again.samples.mu!.data, serial.samples.mu!.data);
  const other = mcmc.run(key(18), data);
  assert.notDeepEqual(other.samples.mu!.data, serial.samples.mu!.data);
});

test("a parallel run names a missing model export clearly", async () => {
  const mcmc = new MCMC(NUTS(eightSchoolsNoncentered), { numWarmup: 10, numSamples: 10, numChains: 1 });
  await assert.rejects(
    mcmc.runParallel(key(0), data, { modelModule, exportName: "noSuchModel" }),
    /no exported function 'noSuchModel'/,
  );
});
