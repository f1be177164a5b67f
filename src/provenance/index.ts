/**
 * Provenance: content hashes, run records and the append-only JSON-lines log.
 * @module
 */
export { sha256, sha256Chunks, sha256File, canonicalJson, sha256Json } from "./hash.js";
export { gitCommit } from "./git.js";
export {
  type ProvenanceInput,
  type ProvenanceOutput,
  type ProvenanceRecord,
  type Run,
  type FinishRunOptions,
  packageVersion,
  startRun,
  finishRun,
} from "./record.js";
export { type ProvenanceLog, appendProvenance, readProvenanceLog } from "./log.js";
