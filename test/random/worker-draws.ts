// A fixed set of draws from every sampler. Imported by worker.test.ts, and run as a
// worker_threads Worker, which posts its draws back to be compared bit for bit.
import { isMainThread, parentPort } from "node:worker_threads";
import * as Random from "../../src/random/index.js";
import * as T from "../../src/tensor/index.js";

const R = { ...Random, ...T };

/** Named draws from fixed keys. */
export function fixedDraws(): Record<string, ArrayLike<number>> {
  const ks = R.split(R.key(2024), 20);
  const at = (i: number) => ks[i]!;
  return {
    bits: R.randomBits(at(0), 64),
    split: R.split(at(0), 3)[2]!,
    fold: R.fold(at(0), 123456789),
    uniform: R.uniform(at(1), [33], -2, 3).data,
    normal: R.normal(at(2), [33]).data,
    exponential: R.exponential(at(3), [33]).data,
    gumbel: R.gumbel(at(4), [33]).data,
    laplace: R.laplace(at(5), [33]).data,
    cauchy: R.cauchy(at(6), [33]).data,
    logistic: R.logistic(at(7), [33]).data,
    gamma: R.gamma(at(8), R.tensor([0.01, 0.5, 1, 3.7, 1000]), [10, 5]).data,
    beta: R.beta(at(9), 0.3, 2, [33]).data,
    dirichlet: R.dirichlet(at(10), R.tensor([0.1, 1, 10])).data,
    studentT: R.studentT(at(11), 3, [33]).data,
    truncatedNormal: R.truncatedNormal(at(12), R.tensor([-1, 3, 8, -Infinity]), R.tensor([2, Infinity, 9, -10]), [8, 4])
      .data,
    bernoulli: R.bernoulli(at(13), 0.3, [33]).data,
    categorical: R.categorical(at(14), R.tensor([0, 1, 2, -Infinity]), [33]).data,
    poisson: R.poisson(at(15), R.tensor([0.5, 7, 30, 1e4]), [8, 4]).data,
    binomial: R.binomial(at(16), R.tensor([5, 1000, 1e6]), R.tensor([0.3, 0.02, 0.5]), [8, 3]).data,
    permutation: R.permutation(at(17), 50),
  };
}

if (!isMainThread && parentPort) parentPort.postMessage(fixedDraws());
