/** `cairn export layer|oci`: byte-exact layers and OCI layouts out of the store. */
import { rename, rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { BadInputError } from '../../errors.js';
import { syncFileWriter } from '../../sync-file-writer.js';
import type { Store } from '../../store/index.js';
import { note, printJson, say, short, type GlobalOptions } from '../output.js';
import { formatBytes } from '../sizes.js';
import { withStore } from '../store-access.js';
import { checkOutputDirectory, checkOutputFile } from '../targets.js';
import { registerExportRootfs } from './export-rootfs.js';

const examples = (...lines: string[]): string => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}`;

/**
 * The layer's bytes, rebuilt from its recipe (the tar modules load here, not at the CLI's
 * start). `checkChunks`: every chunk checked before a byte of it comes out (for a pipe, where
 * what is written is gone); else the DiffID checks them (for a file renamed into place once
 * verified), and a damaged chunk is still named (tar/rebuild.ts).
 */
async function* readLayer(store: Store, diffId: string, checkChunks: boolean): AsyncGenerator<Uint8Array> {
  const { rebuildLayer } = await import('../../tar/index.js');
  yield* rebuildLayer(await store.getLayerRecipe(diffId), diffId, store, { checkChunks });
}

async function compressionStages(compress: string | undefined): Promise<NodeJS.ReadWriteStream[]> {
  if (compress === undefined) return [];
  if (compress === 'gzip') return [(await import('../../parallel-gzip.js')).createParallelGzip({ level: 6 })];
  if (compress === 'zstd') return [(await import('../../zstd-stream.js')).createZstdStream({ compressionLevel: 3 })];
  throw new BadInputError(`--compress: expected gzip or zstd, got ${compress}`);
}

/** Counts the bytes going by. */
function counter(): { stream: Transform; add(n: number): void; bytes(): number } {
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, add: (n) => (bytes += n), bytes: () => bytes };
}

export function registerExport(program: Command, globals: () => GlobalOptions): void {
  const exportCommand = program
    .command('export')
    .description('write layers, OCI layouts or root file systems out of the store')
    .addHelpText('after', examples('cairn export layer 43b261b6 -o layer.tar', 'cairn export oci app:v1 ./layout', 'cairn export rootfs app:v1 ./rootfs'));

  exportCommand
    .command('layer')
    .description('write a layer tar, byte-exact (its sha256 is checked against the DiffID as it streams)')
    .argument('<diffid>', 'a DiffID (sha256:<hex> or bare hex) or a unique prefix of one')
    .option('-o, --output <file>', 'write here instead of standard output')
    .option('--compress <kind>', 'gzip or zstd (the DiffID still applies to the uncompressed tar)')
    .addHelpText('after', examples('cairn export layer 43b261b6 -o layer.tar', 'cairn export layer sha256:43b261b6... --compress zstd > layer.tar.zst'))
    .action(async (diffIdText: string, raw: { output?: string; compress?: string }) => {
      const options = globals();
      const stages = await compressionStages(raw.compress);
      if (raw.output !== undefined) await checkOutputFile(raw.output, '-o');
      // The writer thread of an uncompressed -o starts while the store's modules load and the store opens.
      if (raw.output !== undefined && stages.length === 0) (await import('../../disk/batches.js')).prestartDiskWriter();
      await withStore(options, async (store) => {
        const diffId = await store.resolveLayer(diffIdText);
        const tarBytes = (await store.getLayerRecipe(diffId)).tarLength;
        if (!raw.output) {
          if (process.stdout.isTTY) throw new BadInputError('refusing to write a tar to a terminal: give -o FILE or redirect the output');
          await pipeline(Readable.from(readLayer(store, diffId, true)), ...(stages as [NodeJS.ReadWriteStream]), process.stdout);
          return;
        }
        // Written beside the target and renamed only once the DiffID has been verified.
        const partial = `${raw.output}.cairn-partial-${process.pid}`;
        const count = counter();
        try {
          if (stages.length === 0) {
            // Uncompressed: the writer thread reads the chunks from the packs and writes the file itself.
            const { writeLayerTar } = await import('../../disk/layer-file.js');
            count.add(await writeLayerTar(store, diffId, partial));
          } else {
            await pipeline(Readable.from(readLayer(store, diffId, false)), ...(stages as [NodeJS.ReadWriteStream]), count.stream, syncFileWriter(partial));
          }
          await rename(partial, raw.output);
        } catch (error) {
          await rm(partial, { force: true });
          throw error;
        }
        if (options.json) printJson({ diffId, output: raw.output, tarBytes, bytes: count.bytes() });
        else {
          const compressed = raw.compress ? `, ${raw.compress} ${formatBytes(count.bytes())}` : '';
          say(options, `wrote ${raw.output}: layer ${short(diffId)}, ${formatBytes(tarBytes)} tar${compressed}`);
        }
      });
    });

  exportCommand
    .command('oci')
    .description('write an image as an OCI image layout (the original blobs and manifest where cairn can rebuild them)')
    .argument('<image>', 'a name (app:v1), a manifest digest, or a unique digest prefix')
    .argument('<dir>', 'the layout directory (created if missing)')
    .option('--uncompressed', 'write plain tar layers')
    .option('--compress <kind>', 'original, gzip or zstd (default: original: the blobs the image came with, byte for byte, else gzip)')
    .option('--tag <tag>', 'ref name in index.json (default: the tag of the image name)')
    .addHelpText('after', examples('cairn export oci app:v1 ./layout', 'cairn export oci app:v1 ./layout --compress zstd --tag v1-zstd'))
    .action(async (image: string, dir: string, raw: { uncompressed?: boolean; compress?: string; tag?: string }) => {
      const options = globals();
      if (raw.compress && !['original', 'gzip', 'zstd'].includes(raw.compress)) throw new BadInputError(`--compress: expected original, gzip or zstd, got ${raw.compress}`);
      if (raw.uncompressed && raw.compress) throw new BadInputError(`--uncompressed and --compress ${raw.compress} contradict each other: give one`);
      if (raw.tag !== undefined && !/^[\w][\w.-]{0,127}$/.test(raw.tag)) throw new BadInputError(`--tag: not a valid tag: ${JSON.stringify(raw.tag)}`);
      await checkOutputDirectory(dir, 'export oci:');
      await withStore(options, async (store) => {
        const manifest = await store.resolveImage(image);
        const { exportOciLayout } = await import('../../oci/index.js');
        const compression = raw.uncompressed ? 'none' : ((raw.compress as 'original' | 'gzip' | 'zstd' | undefined) ?? 'original');
        const result = await exportOciLayout(store, manifest, dir, { compression, tag: raw.tag });
        // Images cairn made from a directory or a lone layer tar have no original to keep.
        if (compression === 'original' && !result.original && !['directory', 'layer-tar'].includes(result.source)) {
          const missed = result.layers.filter((l) => !l.reproduced);
          note(options, `the original manifest cannot be kept (new manifest ${short(result.manifest)}): ${missed.length} of ${result.layers.length} layer blob(s) are not reproducible, written as gzip instead`);
          for (const l of missed) note(options, `  layer ${short(l.diffId)}: ${l.reason ?? 'not reproducible'}`);
        }
        if (options.json) printJson({ image: manifest, dir, ...result });
        else say(options, `wrote ${dir}: manifest ${short(result.manifest)}${result.original ? ' (the original)' : ''}, ${result.layers.length} layer(s)`);
      });
    });

  registerExportRootfs(exportCommand, globals);
}
