/**
 * The end-to-end demo as a library call (the same as `policy-posterior demo` and `npm start`):
 * CartPole-v1 data from a pretrained behaviour policy seen through Gaussian sensor noise, with an
 * FGSM attack held out as an unseen perturbation; the policy posterior by NUTS and by SVI; then
 * calibration, regret against the oracle and the nominal policy, posterior predictive checks,
 * an HTML report and the provenance log.
 *
 * Run: `node dist/examples/demo.js [outDir]`.
 */
import { createProgress } from "../src/cli/progress.js";
import { type DemoOptions, type DemoResult, formatDemo, runDemo } from "../src/cli/demo-pipeline.js";

/** Run the demo (smaller settings can be passed for a quick check) and print its tables. */
export async function main(options: DemoOptions = {}, log: (text: string) => void = console.log): Promise<DemoResult> {
  const result = await runDemo({ progress: createProgress(), ...options });
  log(formatDemo(result));
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) await main({ outDir: process.argv[2] });
