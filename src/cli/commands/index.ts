/**
 * The registry of `policy-posterior` commands: add a command by writing its file in this folder
 * and listing it here.
 * @module
 */
import type { Command } from "../command.js";
import { calibrateCommand } from "./calibrate.js";
import { demoCommand } from "./demo.js";
import { evaluateCommand } from "./evaluate.js";
import { generateCommand } from "./generate.js";
import { reportCommand } from "./report.js";
import { sampleCommand } from "./sample.js";

/** Every command, in the order `--help` lists them. */
export const commands: readonly Command[] = [
  demoCommand,
  generateCommand,
  sampleCommand,
  calibrateCommand,
  evaluateCommand,
  reportCommand,
];
