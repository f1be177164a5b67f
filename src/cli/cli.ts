/**
 * The `policy-posterior` command-line program as a function: parse, dispatch to a command,
 * print its result, map errors to exit codes (0 success, 1 failure, 2 usage error). User errors
 * print one line, never a stack trace; set `POLICY_POSTERIOR_DEBUG=1` to see stacks.
 * @module
 */
import { type OptionSpec, UsageError, formatOptions, parseArgs } from "./args.js";
import type { Command } from "./command.js";
import { commands as defaultCommands } from "./commands/index.js";
import { createProgress, type ProgressStream } from "./progress.js";
import { packageVersion } from "../provenance/record.js";

/** Options every command accepts. */
export const commonOptions: readonly OptionSpec[] = [
  { name: "help", type: "boolean", description: "show this help" },
  { name: "json", type: "boolean", description: "print the result as JSON on stdout" },
  { name: "quiet", type: "boolean", description: "no progress output on stderr" },
];

/** Where the CLI writes; defaults to the process's streams. */
export interface CliIO {
  readonly stdout: ProgressStream;
  readonly stderr: ProgressStream;
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const PROGRAM = "policy-posterior";

function mainHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `usage: ${PROGRAM} <command> [options]`,
    "",
    "Bayesian inference of policy parameters from noisy observations.",
    "",
    "commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    "",
    `Run '${PROGRAM} <command> --help' for a command's options. '${PROGRAM} --version' prints the version.`,
  ].join("\n");
}

function commandHelp(c: Command): string {
  return [c.help, "", "options:", formatOptions([...c.options, ...commonOptions])].join("\n");
}

/**
 * Run the CLI on `argv` (the arguments after the program name) and return the exit code.
 * Nothing here calls `process.exit`, so it can be tested in-process.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIO = { stdout: process.stdout, stderr: process.stderr },
  commands: readonly Command[] = defaultCommands,
): Promise<number> {
  const env = io.env ?? process.env;
  const debug = env.POLICY_POSTERIOR_DEBUG === "1";
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(`${mainHelp(commands)}\n`); // no command: a usage error
    return 2;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(`${mainHelp(commands)}\n`);
    return 0;
  }
  if (name === "--version") {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr.write(
      `${PROGRAM}: unknown command ${JSON.stringify(name)}; valid commands: ${commands.map((c) => c.name).join(", ")}\n`,
    );
    return 2;
  }
  let json = rest.includes("--json");
  try {
    const args = parseArgs(rest, [...command.options, ...commonOptions]);
    if (args.options.help === true) {
      io.stdout.write(`${commandHelp(command)}\n`);
      return 0;
    }
    json = args.options.json === true;
    const progress = createProgress({ stream: io.stderr, quiet: args.options.quiet === true });
    const result = await command.run({ args, json, progress, cwd: io.cwd ?? process.cwd() });
    io.stdout.write(json ? `${JSON.stringify(result.data, null, 2)}\n` : `${result.text}\n`);
    return 0;
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const usage = err instanceof UsageError;
    const message = usage
      ? `${PROGRAM} ${command.name}: ${err.message}\nRun '${PROGRAM} ${command.name} --help' for usage.`
      : `${PROGRAM} ${command.name}: error: ${err.message}`;
    io.stderr.write(`${message}\n`);
    if (debug && err.stack) io.stderr.write(`${err.stack}\n`);
    if (json) io.stdout.write(`${JSON.stringify({ error: { message: err.message, usage } })}\n`);
    return usage ? 2 : 1;
  }
}
