export { type PotentialFn, type PhasePoint } from "./potential.js";
export { type Metric, unitMetric, diagonalMetric, denseMetric } from "./metric.js";
export { leapfrog } from "./integrator.js";
export {
  type DualAveragingOptions,
  type DualAveragingState,
  dualAveragingInit,
  dualAveragingUpdate,
  dualAveragingFinal,
} from "./dual-averaging.js";
export { WelfordEstimator, regularizedCovariance } from "./welford.js";
export { type AdaptationSchedule, type AdaptationScheduleOptions, adaptationSchedule } from "./adaptation-schedule.js";
export { findReasonableStepSize } from "./step-size-init.js";
export { NutsKernel, type NutsOptions, type TransitionStats } from "./nuts.js";
export { HmcKernel, type HmcOptions } from "./hmc.js";
export { runChain, type ChainOptions, type ChainResult, type SampleStats } from "./chain.js";
export {
  MCMC,
  NUTS,
  HMC,
  collectSamples,
  type MCMCOptions,
  type MCMCResult,
  type KernelSpec,
  type KernelOptions,
  type NutsKernelOptions,
  type HmcKernelOptions,
} from "./mcmc.js";
export { mcmcSummary } from "./mcmc-summary.js";
