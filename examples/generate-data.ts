/**
 * From a behaviour policy to a perturbed data set: roll out the pretrained CartPole policy,
 * perturb its observations with Gaussian sensor noise and an FGSM attack, then write the same
 * kind of data as an HDF5 file (with a provenance record), read it back and select transitions.
 * `node dist/examples/generate-data.js`
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pretrainedPolicy, rollout } from "../src/envs/index.js";
import {
  boundedUniform,
  fgsm,
  gaussianNoise,
  generateDataset,
  loadTransitions,
  readDataset,
} from "../src/perturb/index.js";
import { readProvenanceLog } from "../src/provenance/index.js";
import { type Key, key, split } from "../src/random/index.js";
import { Tensor } from "../src/tensor/tensor.js";

const ENV = "CartPole-v1";
/** Gaussian sensor noise, in the observation's units (one σ for every coordinate). */
const STD = 0.1;
/** The attack's L∞ budget. */
const EPSILON = 0.05;

/** What {@link main} measured, for the example's test. */
export interface GenerateDataSummary {
  /** Transitions of the direct rollout. */
  readonly numTransitions: number;
  /** Largest |attacked − clean| over every coordinate of the direct rollout (at most ε). */
  readonly fgsmMaxAbsDelta: number;
  /** Per-coordinate standard deviation of noisy − clean (about σ). */
  readonly gaussianResidualStd: number[];
  /** Mean KL(π(·|clean) ‖ π(·|perturbed)) under the noise, the attack, and uniform noise in the attack's ε-box. */
  readonly meanKL: { readonly gaussian: number; readonly fgsm: number; readonly uniformBox: number };
  /** The data-section hash recorded in the file, and whether reading verified it. */
  readonly dataSha256: string;
  /** Rows in the file's training split of "gaussian" and held-out split of "fgsm". */
  readonly trainRows: number;
  readonly heldOutRows: number;
  /** Whether the file's "gaussian" training observations minus clean equal the stored delta. */
  readonly deltaConsistent: boolean;
  /** Records in the provenance log (1). */
  readonly provenanceRecords: number;
}

function meanOf(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

function fmt(row: ArrayLike<number>): string {
  return Array.from(row, (v) => v.toFixed(4).padStart(8)).join(" ");
}

/** Run the example; `log` receives each line of output. */
export async function main(
  options: { episodes?: number; log?: (s: string) => void } = {},
): Promise<GenerateDataSummary> {
  const log = options.log ?? console.log;
  const episodes = options.episodes ?? 10;
  const policy = pretrainedPolicy(ENV);

  // 1. Clean trajectories: episode e uses fold(key, e), so the same key gives the same episodes.
  const traj = rollout(ENV, policy, key(0), { numEpisodes: 4, maxSteps: 200 });
  log(
    `rollout: ${traj.numEpisodes} episodes of ${ENV}, ${traj.numTransitions} transitions, returns ${Array.from(traj.episodeReturns).join(", ")}`,
  );

  // 2. Perturb the clean observations directly. The attack needs the policy it attacks.
  const n = traj.numTransitions;
  const d = traj.obsDim;
  const clean = new Tensor(traj.states.slice(), [n, d]);
  const context = { episode: traj.episode, step: traj.step, policy };
  const [kNoise, kAttack, kBox] = split(key(1), 3) as [Key, Key, Key];
  const noisy = gaussianNoise({ std: STD }).apply(kNoise, clean, context);
  const attacked = fgsm({ epsilon: EPSILON, norm: "linf" }).apply(kAttack, clean, context);
  // The attack's baseline: random noise in the same ε-box.
  const boxed = boundedUniform({ radius: EPSILON }).apply(kBox, clean);
  let fgsmMaxAbsDelta = 0;
  const sq = new Array<number>(d).fill(0);
  for (let i = 0; i < n * d; i++) {
    fgsmMaxAbsDelta = Math.max(fgsmMaxAbsDelta, Math.abs(attacked.data[i]! - clean.data[i]!));
    sq[i % d]! += (noisy.data[i]! - clean.data[i]!) ** 2 / n;
  }
  const gaussianResidualStd = sq.map(Math.sqrt);
  const meanKL = {
    gaussian: meanOf(policy.klDivergence(clean, noisy).data),
    fgsm: meanOf(policy.klDivergence(clean, attacked).data),
    uniformBox: meanOf(policy.klDivergence(clean, boxed).data),
  };
  log(`row 0 clean    ${fmt(clean.data.subarray(0, d))}`);
  log(`row 0 gaussian ${fmt(noisy.data.subarray(0, d))}`);
  log(`row 0 fgsm     ${fmt(attacked.data.subarray(0, d))}`);
  log(
    `mean KL(π(·|clean) ‖ π(·|perturbed)): gaussian σ=${STD} ${meanKL.gaussian.toExponential(2)}, ` +
      `fgsm ε=${EPSILON} ${meanKL.fgsm.toExponential(2)} (uniform noise in the same box: ${meanKL.uniformBox.toExponential(2)}); ` +
      `max |fgsm − clean| = ${fgsmMaxAbsDelta}`,
  );

  // 3. The same, as a data set on disk: FGSM kept out of training (observed on held-out episodes only).
  const dir = mkdtempSync(join(tmpdir(), "policy-posterior-example-"));
  try {
    const out = join(dir, "cartpole.h5");
    const provenanceLog = join(dir, "provenance.jsonl");
    const result = await generateDataset(
      {
        env: ENV,
        numEpisodes: episodes,
        seed: 0,
        maxSteps: 200,
        perturbations: [
          { type: "gaussian", params: { std: STD } },
          { type: "fgsm", params: { epsilon: EPSILON, norm: "linf" } },
        ],
        split: { heldOutFraction: 0.2, unseen: ["fgsm"] },
      },
      { out, provenanceLog },
    );
    log(
      `wrote ${result.fileBytes} bytes: ${result.numTransitions} transitions, train episodes [${Array.from(result.split.train).join(", ")}], held out [${Array.from(result.split.heldOut).join(", ")}]`,
    );
    log(`data sha256 ${result.dataSha256}`);

    // readDataset recomputes the data-section hash and refuses a file that does not match it.
    const dataset = await readDataset(out);
    const train = loadTransitions(dataset, { perturbation: "gaussian", split: "train" });
    const heldOut = loadTransitions(dataset, { perturbation: "fgsm", split: "heldout" });
    log(`gaussian / train: ${train.numTransitions} rows; fgsm / heldout: ${heldOut.numTransitions} rows`);
    log(`first training row: observed ${fmt(train.observations.subarray(0, d))}, action ${train.actions[0]}`);
    // The file stores what each perturbation added (latent/<name>/delta = observed − clean).
    const g = dataset.perturbations.gaussian!;
    const position = new Map(Array.from(g.rows, (r, i) => [r, i]));
    let deltaConsistent = true;
    train.rows.forEach((r, j) => {
      const p = position.get(r)!;
      for (let c = 0; c < d; c++)
        deltaConsistent &&= train.observations[j * d + c]! - dataset.clean.states[r * d + c]! === g.delta[p * d + c];
    });
    const { records } = await readProvenanceLog(provenanceLog);
    log(
      `provenance: ${records.length} record, kind ${records[0]?.kind}, output sha256 ${records[0]?.outputs[0]?.sha256}`,
    );
    return {
      numTransitions: n,
      fgsmMaxAbsDelta,
      gaussianResidualStd,
      meanKL,
      dataSha256: dataset.dataSha256,
      trainRows: train.numTransitions,
      heldOutRows: heldOut.numTransitions,
      deltaConsistent,
      provenanceRecords: records.length,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
