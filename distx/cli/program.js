/**
 * The `cairn` command (loaded by main.ts): argv parsing and help (commander), output and exit
 * codes. A thin layer over the library. Start is kept short: only the module of the command
 * being run is loaded (`--version` none), and each command imports the library modules it
 * needs when it runs.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { CairnError } from '../errors.js';
import { exitCodeFor, isClosedPipe, MAX_COLUMNS, reportError } from './output.js';
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
// `cairn ls | head -1`: a reader that stops reading ends the command, quietly.
// An error a pipeline's source destroyed stdout with (a corrupt chunk during `export layer`) is
// the command's own and is reported by it; any other failure of stdout is reported here.
process.stdout.on('error', (error) => {
    if (isClosedPipe(error))
        process.exit(process.exitCode ?? 0);
    if (error instanceof CairnError)
        return;
    reportError(error, false);
    process.exit(exitCodeFor(error));
});
/** Commander's usage errors as one `cairn: ...` line (the suggestion, if any, on the same line). */
const outputError = (text, write) => {
    const message = text.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim();
    write(`cairn: ${message} (cairn --help for usage)\n`);
};
const program = new Command();
program
    .name('cairn')
    .description('content-addressed store for container images: chunked, deduplicated, byte-exact')
    .version(version, '-V, --version', 'print the version')
    .option('--store <dir>', 'store directory (default: $CAIRN_STORE, else $XDG_DATA_HOME/cairn, else ~/.local/share/cairn)')
    .option('--json', 'machine-readable output on stdout')
    .option('--quiet', 'no progress bars and no chatter; the output asked for (ls, report, ...) still prints')
    .addHelpText('after', `
Examples:
  $ cairn ingest app-v1.tar --name app:v1
  $ cairn ls
  $ cairn export rootfs app:v1 ./rootfs
  $ cairn --store /srv/cairn report --html report.html

An IMAGE is a name (app:v1; docker.io/library/app:v1 is the same name), a manifest digest, or
a unique prefix of one (4+ hex digits); a DIFFID is a layer digest or a unique prefix of one.`);
/** Each command's module, loaded only when that command (or the full help) is asked for. */
const modules = {
    chunk: async () => (await import('./commands/chunk.js')).registerChunk,
    store: async () => (await import('./commands/store-commands.js')).registerStoreCommands,
    export: async () => (await import('./commands/export.js')).registerExport,
    report: async () => (await import('./commands/report.js')).registerReport,
    bundle: async () => (await import('./commands/bundle.js')).registerBundle,
    registry: async () => (await import('./commands/registry.js')).registerRegistry,
    relayer: async () => (await import('./commands/relayer.js')).registerRelayer,
};
const moduleOf = {
    chunk: 'chunk', ingest: 'store', ls: 'store', rm: 'store', verify: 'store', gc: 'store', repair: 'store',
    export: 'export', analyze: 'report', report: 'report', bundle: 'bundle', apply: 'bundle', inventory: 'bundle',
    push: 'registry', pull: 'registry',
    relayer: 'relayer',
};
/** The command word in argv (the first operand, skipping --store's value), if any. */
function commandWord(args) {
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === '--store')
            i++;
        else if (arg === '--')
            return args[i + 1];
        else if (!arg.startsWith('-'))
            return arg;
    }
    return undefined;
}
/** Which command modules to load: none for --version, one for a known command, all otherwise (help, typos). */
function modulesFor(args) {
    const word = commandWord(args);
    if (word === undefined && args.some((a) => a === '-V' || a === '--version'))
        return [];
    if (word !== undefined && moduleOf[word] !== undefined)
        return [moduleOf[word]];
    if (word === 'help' && moduleOf[commandWord(args.slice(args.indexOf('help') + 1)) ?? ''] !== undefined) {
        return [moduleOf[commandWord(args.slice(args.indexOf('help') + 1))]];
    }
    return Object.keys(modules);
}
const globals = () => program.opts();
for (const name of modulesFor(process.argv.slice(2)))
    (await modules[name]())(program, globals);
const configure = (command) => {
    command
        .exitOverride()
        .configureOutput({ writeErr: (text) => process.stderr.write(text), outputError })
        .configureHelp({ helpWidth: Math.min(process.stdout.columns || 80, MAX_COLUMNS) });
    command.commands.forEach(configure);
};
configure(program);
try {
    await program.parseAsync(process.argv);
}
catch (error) {
    if (error instanceof CommanderError) {
        // Help and version exit 0; usage errors were already printed as one line.
        process.exitCode = error.exitCode === 0 ? 0 : 2;
    }
    else if (isClosedPipe(error)) {
        process.exitCode ??= 0;
    }
    else {
        reportError(error, Boolean(program.opts().json));
        process.exitCode = exitCodeFor(error);
    }
}
//# sourceMappingURL=program.js.map