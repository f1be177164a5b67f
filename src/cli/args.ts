/**
 * A small command-line option parser: `--key value`, `--key=value`, boolean flags, repeatable
 * options, typed values, and errors that name the option and list the valid ones.
 * @module
 */

/** A usage error (bad option, bad value, unknown command): the CLI prints it and exits with 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Type of an option's value. */
export type OptionType = "string" | "number" | "integer" | "boolean";

/** One option of a command. */
export interface OptionSpec {
  /** Long name without dashes, e.g. `"episodes"`. */
  readonly name: string;
  readonly type: OptionType;
  /** One line for `--help`. */
  readonly description: string;
  /** The option may be given several times; its value is an array. */
  readonly multiple?: boolean;
  /** Name of the value shown in `--help`, e.g. `"N"`, `"FILE"`. */
  readonly valueName?: string;
  /** Default shown in `--help` and used when absent. */
  readonly default?: string | number | boolean;
}

/** Parsed values by option name (absent options without a default are missing). */
export type ParsedOptions = Record<string, string | number | boolean | (string | number)[] | undefined>;

/** Result of {@link parseArgs}. */
export interface ParsedArgs {
  readonly options: ParsedOptions;
  /** Arguments that are not options (and everything after `--`). */
  readonly positionals: string[];
}

function convert(spec: OptionSpec, raw: string): string | number | boolean {
  switch (spec.type) {
    case "string":
      return raw;
    case "boolean": {
      if (raw === "true" || raw === "1" || raw === "yes") return true;
      if (raw === "false" || raw === "0" || raw === "no") return false;
      throw new UsageError(`--${spec.name} takes no value or true/false, got ${JSON.stringify(raw)}`);
    }
    case "number":
    case "integer": {
      const x = raw.trim() === "" ? NaN : Number(raw);
      if (!Number.isFinite(x))
        throw new UsageError(
          `--${spec.name} must be ${spec.type === "integer" ? "an integer" : "a number"}, got ${JSON.stringify(raw)}`,
        );
      if (spec.type === "integer" && !Number.isSafeInteger(x))
        throw new UsageError(`--${spec.name} must be an integer, got ${JSON.stringify(raw)}`);
      return x;
    }
  }
}

/** `--a, --b, --c` for error messages. */
export function listOptions(specs: readonly OptionSpec[]): string {
  return specs.map((s) => `--${s.name}`).join(", ");
}

/**
 * Parse `argv` (without the program and command names) against `specs`. Unknown options,
 * missing values and values of the wrong type throw {@link UsageError}; a non-repeatable
 * option given twice is an error too (the last-one-wins rule hides typos in long commands).
 */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const options: ParsedOptions = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("--") || arg.length === 2) {
      if (arg.startsWith("-") && arg.length > 1 && !/^-\d/.test(arg))
        throw new UsageError(`unknown option ${arg} (options are long: ${listOptions(specs)})`);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = byName.get(name);
    if (spec === undefined) throw new UsageError(`unknown option --${name}; valid options: ${listOptions(specs)}`);
    let raw: string;
    if (eq >= 0) raw = arg.slice(eq + 1);
    else if (spec.type === "boolean") raw = "true";
    else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith("--") && next.length > 2))
        throw new UsageError(`--${name} needs a value${spec.valueName ? ` (${spec.valueName})` : ""}`);
      raw = next;
      i++;
    }
    const value = convert(spec, raw);
    if (spec.multiple) {
      const list = (options[name] as (string | number)[] | undefined) ?? [];
      list.push(value as string | number);
      options[name] = list;
    } else {
      if (options[name] !== undefined) throw new UsageError(`--${name} given more than once`);
      options[name] = value;
    }
  }
  for (const s of specs) if (options[s.name] === undefined && s.default !== undefined) options[s.name] = s.default;
  return { options, positionals };
}

/** The `--help` lines of a list of options, aligned. */
export function formatOptions(specs: readonly OptionSpec[]): string {
  const heads = specs.map(
    (s) => `  --${s.name}${s.type === "boolean" ? "" : ` ${s.valueName ?? s.type.toUpperCase()}`}`,
  );
  const width = Math.max(0, ...heads.map((h) => h.length)) + 2;
  return specs
    .map((s, i) => {
      const extra = [s.multiple ? "repeatable" : "", s.default !== undefined ? `default ${s.default}` : ""]
        .filter((x) => x)
        .join("; ");
      return `${heads[i]!.padEnd(width)}${s.description}${extra ? ` (${extra})` : ""}`;
    })
    .join("\n");
}
