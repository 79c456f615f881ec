/**
 * Resolving what a report measures: the chunker sizes shared by every mode, the primary mode
 * (the store's, or --mode), and the modes measured. Defaults are resolved into new objects.
 */
import { availableParallelism } from 'node:os';
import { BadParameterError } from '../errors.js';
import { CHUNKING_MODES, resolveChunkerParams } from '../chunker/index.js';
/** The measuring options for sizes `chunker` (whose mode is the primary mode). */
export function measureOptions(chunker, options) {
    const primary = resolveChunkerParams(chunker);
    const wanted = options.modes ?? CHUNKING_MODES;
    for (const mode of wanted) {
        if (!CHUNKING_MODES.includes(mode))
            throw new BadParameterError('modes', `--modes: unknown mode ${JSON.stringify(mode)} (have ${CHUNKING_MODES.join(', ')})`);
    }
    const modes = [];
    for (const mode of CHUNKING_MODES) {
        if (mode === 'file' || !(wanted.includes(mode) || mode === primary.mode))
            continue;
        try {
            resolveChunkerParams({ ...primary, mode });
            modes.push(mode);
        }
        catch (error) {
            // Sizes that suit one mode may not suit another (aligned wants multiples of align).
            if (options.modes !== undefined || mode === primary.mode)
                throw error;
            options.onWarning?.(`${mode} mode left out: ${error.message}`);
        }
    }
    const zstdLevel = options.zstdLevel ?? 3;
    const gzipLevel = options.gzipLevel === undefined ? 6 : options.gzipLevel;
    if (!Number.isInteger(zstdLevel) || zstdLevel < -7 || zstdLevel > 22)
        throw new BadParameterError('zstdLevel', `zstd level must be an integer from -7 to 22, got ${zstdLevel}`);
    if (gzipLevel !== null && (!Number.isInteger(gzipLevel) || gzipLevel < 1 || gzipLevel > 9))
        throw new BadParameterError('gzipLevel', `gzip level must be an integer from 1 to 9, got ${gzipLevel}`);
    return {
        chunker: primary,
        modes: [...modes, 'file'],
        zstdLevel,
        gzipLevel,
        threads: options.threads ?? Math.max(1, Math.min(2, availableParallelism()) - (gzipLevel === null ? 0 : 1)),
        signal: options.signal,
        onBytes: options.onProgress ? (bytes) => options.onProgress({ type: 'report:bytes', bytes }) : undefined,
    };
}
//# sourceMappingURL=settings.js.map