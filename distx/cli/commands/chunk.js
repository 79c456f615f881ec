/** `cairn chunk FILE|-`: the cut points of one file, as a summary or (--json) every chunk. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { BadInputError } from '../../errors.js';
import { addChunkingOptions, chunkingOptionsFrom } from '../chunking-options.js';
import { output, printJson, say } from '../output.js';
import { startProgress } from '../progress.js';
import { formatBytes } from '../sizes.js';
export function registerChunk(program, globals) {
    addChunkingOptions(program
        .command('chunk')
        .description('print the cut points of one file (- reads standard input)')
        .argument('<file>', 'a file, or - for standard input')).addHelpText('after', `
Examples:
  $ cairn chunk big.bin
  $ cairn chunk big.bin --mode fastcdc --avg 32K
  $ cat big.bin | cairn --json chunk -`).action(async (file, raw) => {
        const options = globals();
        const { chunkerIdentity, createChunker, formatChunkerIdentity, readChunks } = await import('../../chunker/index.js');
        const { sha256Digest } = await import('../../digest.js');
        const chunker = createChunker(chunkingOptionsFrom(raw) ?? {});
        let size = 0;
        if (file !== '-') {
            const info = await stat(file).catch((cause) => {
                throw new BadInputError(`cannot read ${file}: ${cause.message}`, { path: file, cause });
            });
            if (!info.isFile())
                throw new BadInputError(`not a regular file: ${file}`, { path: file });
            size = info.size;
        }
        const source = file === '-' ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
        const progress = startProgress(options, 'chunking', size);
        const chunks = [];
        const started = process.hrtime.bigint();
        let done = 0;
        try {
            for await (const chunk of readChunks(source, chunker)) {
                chunks.push({ offset: chunk.offset, length: chunk.length, digest: sha256Digest(chunk.bytes) });
                done += chunk.length;
                progress.update(done);
            }
        }
        catch (cause) {
            if (cause.code) {
                throw new BadInputError(`cannot read ${file}: ${cause.message}`, { path: file, cause });
            }
            throw cause;
        }
        finally {
            progress.stop();
        }
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        if (options.json) {
            printJson({ chunks });
            return;
        }
        const lengths = chunks.map((c) => c.length);
        const total = lengths.reduce((a, b) => a + b, 0);
        const distinct = new Set(chunks.map((c) => c.digest)).size;
        const lines = [
            `chunker   ${formatChunkerIdentity(chunkerIdentity(chunker.params))}`,
            `input     ${file === '-' ? 'stdin' : file}, ${formatBytes(total)} (${total} bytes)`,
            `chunks    ${chunks.length} (${distinct} distinct)`,
        ];
        if (chunks.length > 0) {
            lines.push(`size      mean ${formatBytes(Math.round(total / chunks.length))}, min ${formatBytes(Math.min(...lengths))}, max ${formatBytes(Math.max(...lengths))}`);
        }
        output(options, lines.join('\n'));
        say(options, `speed     ${(total / 1024 ** 2 / Math.max(seconds, 1e-9)).toFixed(0)} MiB/s (read + chunk + sha256)`);
    });
}
//# sourceMappingURL=chunk.js.map