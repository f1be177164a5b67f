#!/usr/bin/env node
/**
 * Entry point of the `policy-posterior` executable (`dist/src/cli/main.js`).
 * @module
 */
import { runCli } from "./cli.js";

process.exitCode = await runCli(process.argv.slice(2));
