#!/usr/bin/env node
/**
 * The `cairn` command: argv parsing and help (commander), output and exit codes. A thin layer
 * over the library: it imports only the public entry, as any embedder would.
 */
import { Command, CommanderError } from 'commander';
import { registerChunk } from './commands/chunk.js';
import { registerStoreCommands } from './commands/store-commands.js';
import { registerExport } from './commands/export.js';
import { registerReport } from './commands/report.js';
import { exitCodeFor, reportError, type GlobalOptions } from './output.js';

const program = new Command();
program
  .name('cairn')
  .description('content-addressed store for container images: chunked, deduplicated, byte-exact')
  .option('--store <dir>', 'store directory (default: $CAIRN_STORE, else $XDG_DATA_HOME/cairn, else ~/.local/share/cairn)')
  .option('--json', 'machine-readable output on stdout')
  .option('--quiet', 'no progress and no summary')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) });

const globals = (): GlobalOptions => program.opts<GlobalOptions>();
registerChunk(program, globals);
registerStoreCommands(program, globals);
registerExport(program, globals);
registerReport(program, globals);
const configure = (command: Command): void => {
  command.exitOverride();
  command.showHelpAfterError('(run with --help for usage)');
  command.commands.forEach(configure);
};
program.commands.forEach(configure);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit 0; usage errors were already printed by commander.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    reportError(error, Boolean(program.opts<GlobalOptions>().json));
    process.exitCode = exitCodeFor(error);
  }
}
