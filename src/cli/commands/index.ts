/**
 * The registry of `policy-posterior` commands: add a command by writing its file in this folder
 * and listing it here.
 * @module
 */
import type { Command } from "../command.js";
import { generateCommand } from "./generate.js";

/** Every command, in the order `--help` lists them. */
export const commands: readonly Command[] = [generateCommand];
