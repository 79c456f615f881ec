/** The chunking options shared by `chunk`, `ingest` and `analyze`. */
import { Option } from 'commander';
import { BadParameterError } from '../errors.js';
import { CHUNKING_MODES } from '../chunker/params.js';
import { parseInteger, parseSize } from './sizes.js';
/**
 * Adds --mode/--min/--avg/--max/--align/--normalization/--seed. Unset options stay unset: the
 * library's defaults (the same as those printed here) apply, and for ingest an existing store's
 * own chunker does. `forStore` says so in the help.
 */
export function addChunkingOptions(command, forStore = false) {
    const when = forStore ? ' for a new store' : '';
    const mode = new Option('--mode <mode>', `chunking mode (default${when}: aligned)`).choices(CHUNKING_MODES);
    command
        .addOption(mode)
        .option('--min <size>', `smallest chunk, K/M suffixes (default${when}: 16K)`)
        .option('--avg <size>', `target mean chunk size; the chunk size in fixed mode (default${when}: 64K)`)
        .option('--max <size>', `largest chunk (default${when}: 256K)`)
        .option('--align <size>', `aligned mode: cut points on multiples of this (default${when}: 4K)`)
        .option('--normalization <level>', `normalized chunking level 0..3 (default${when}: 1)`)
        .option('--seed <n>', `gear table seed; 0, the plain table, matches chunks across stores (default${when}: 0)`);
    if (forStore) {
        command.addHelpText('after', '\nThe chunking options apply when the store is created (by its first ingest); an existing\n'
            + 'store keeps its own chunker and refuses a different one.');
    }
    return command;
}
/** Parsed chunker options; undefined when none was given and defaults were off. */
export function chunkingOptionsFrom(raw) {
    const keys = ['mode', 'min', 'avg', 'max', 'align', 'normalization', 'seed'];
    if (keys.every((k) => raw[k] === undefined))
        return undefined;
    const out = {};
    if (raw.mode !== undefined)
        out.mode = raw.mode;
    for (const k of ['min', 'avg', 'max', 'align'])
        if (raw[k] !== undefined)
            out[k] = parseSize(raw[k], k);
    if (raw.normalization !== undefined)
        out.normalization = parseInteger(raw.normalization, 'normalization');
    if (raw.seed !== undefined) {
        if (!/^\d+$/.test(raw.seed.trim()))
            throw new BadParameterError('seed', `--seed: not a whole number: ${JSON.stringify(raw.seed)}`);
        out.seed = BigInt(raw.seed.trim());
    }
    return out;
}
//# sourceMappingURL=chunking-options.js.map