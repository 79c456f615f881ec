#!/usr/bin/env node
/**
 * The `cairn` command's entry. `cairn --version` is answered here, before anything is loaded
 * (not even the argument parser); every other command line goes to program.ts, which loads
 * only the module of the command being run.
 */
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  process.stdout.write(`${version}\n`);
} else {
  await import('./program.js');
}
