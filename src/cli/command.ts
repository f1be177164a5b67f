/**
 * The shape of a `policy-posterior` command. A command is one file in `src/cli/commands/`
 * exporting a {@link Command}, listed once in `src/cli/commands/index.ts`.
 * @module
 */
import type { OptionSpec, ParsedArgs } from "./args.js";
import type { Progress } from "./progress.js";

/** What a command gets besides its arguments. */
export interface CommandContext {
  readonly args: ParsedArgs;
  /** `--json` was given: the result's `data` is printed as JSON instead of its `text`. */
  readonly json: boolean;
  /** Progress on stderr (silent with `--quiet`). */
  readonly progress: Progress;
  /** Folder relative paths are resolved against (the process's working folder). */
  readonly cwd: string;
}

/** What a command returns: machine-readable data and a human summary. */
export interface CommandResult {
  /** Printed (as one JSON document) with `--json`. */
  readonly data: unknown;
  /** Printed otherwise. */
  readonly text: string;
}

/** One subcommand. */
export interface Command {
  /** Name on the command line, e.g. `"generate"`. */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Longer `--help` text (usage line and examples). */
  readonly help: string;
  /** The command's own options (`--help`, `--json`, `--quiet` are added by the CLI). */
  readonly options: readonly OptionSpec[];
  /**
   * Do the work. Throw {@link UsageError} for bad arguments (exit 2) and any other Error for
   * failures (exit 1); the message is printed without a stack trace.
   */
  run(context: CommandContext): Promise<CommandResult>;
}
