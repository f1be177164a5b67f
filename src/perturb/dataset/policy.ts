/**
 * The behaviour policy of a data set, from its configuration: the environment's pretrained
 * policy, or a policy rebuilt from its JSON record.
 * @module
 */
import type { DifferentiablePolicy } from "../../envs/policy.js";
import { LinearGaussianPolicy, type LinearGaussianJSON } from "../../envs/policies/linear-gaussian.js";
import { LinearSoftmaxPolicy, type LinearSoftmaxJSON } from "../../envs/policies/linear-softmax.js";
import { pretrainedPolicy } from "../../envs/policies/pretrained.js";
import type { PolicyJSONRecord } from "./config.js";

/** Policy record types this module can rebuild. */
export const policyRecordTypes: readonly string[] = Object.freeze(["linear-softmax", "linear-gaussian"]);

/** Build the behaviour policy named by a data-set configuration. */
export function resolveBehaviourPolicy(spec: "pretrained" | PolicyJSONRecord, envId: string): DifferentiablePolicy {
  if (spec === "pretrained") return pretrainedPolicy(envId);
  switch (spec.type) {
    case "linear-softmax":
      return LinearSoftmaxPolicy.fromJSON(spec as unknown as LinearSoftmaxJSON);
    case "linear-gaussian":
      return LinearGaussianPolicy.fromJSON(spec as unknown as LinearGaussianJSON);
    default:
      throw new Error(
        `generateDataset: unknown policy type ${JSON.stringify(spec.type)}; valid: "pretrained" or a record of type ${policyRecordTypes.join(", ")}`,
      );
  }
}

/** The JSON record of a policy when it has one (stored in the file for the oracle baseline). */
export function policyRecord(policy: unknown): unknown {
  const p = policy as { toJSON?: () => unknown };
  return typeof p?.toJSON === "function" ? p.toJSON() : undefined;
}
