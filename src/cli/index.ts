/**
 * The `policy-posterior` command line as a library: run it in-process, or build commands with
 * the same parser and progress reporting.
 * @module
 */
export {
  UsageError,
  type OptionType,
  type OptionSpec,
  type ParsedOptions,
  type ParsedArgs,
  parseArgs,
  formatOptions,
  listOptions,
} from "./args.js";
export type { Command, CommandContext, CommandResult } from "./command.js";
export { type CliIO, commonOptions, runCli } from "./cli.js";
export { commands } from "./commands/index.js";
export { generateCommand, parsePerturbationSpec } from "./commands/generate.js";
export { type Progress, type ProgressOptions, type ProgressStream, createProgress, formatBar } from "./progress.js";
