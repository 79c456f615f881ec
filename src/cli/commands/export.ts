/** `cairn export layer|oci`: byte-exact layers and OCI layouts out of the store. */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { CompressStream } from 'zstd-napi';
import type { Command } from 'commander';
import { BadInputError, exportOciLayout, parseDigest, readLayer } from '../../index.js';
import { printJson, type GlobalOptions } from '../output.js';
import { withStore } from '../store-access.js';
import { registerExportRootfs } from './export-rootfs.js';

function compressionStages(compress: string | undefined): NodeJS.ReadWriteStream[] {
  if (compress === undefined) return [];
  if (compress === 'gzip') return [createGzip({ level: 6 })];
  if (compress === 'zstd') return [new CompressStream({ compressionLevel: 3 })];
  throw new BadInputError(`--compress: expected gzip or zstd, got ${compress}`);
}

export function registerExport(program: Command, globals: () => GlobalOptions): void {
  const exportCommand = program.command('export').description('write layers, OCI layouts or root file systems out of the store');

  exportCommand
    .command('layer')
    .description('write a layer tar, byte-exact (its sha256 is checked against the DiffID as it streams)')
    .argument('<diffid>', 'sha256:<hex> or bare hex')
    .option('-o, --output <file>', 'write here instead of standard output')
    .option('--compress <kind>', 'gzip or zstd (the DiffID still applies to the uncompressed tar)')
    .action(async (diffIdText: string, raw: { output?: string; compress?: string }) => {
      const options = globals();
      const diffId = parseDigest(diffIdText, 'DiffID');
      const stages = compressionStages(raw.compress);
      await withStore(options, async (store) => {
        if (!raw.output) {
          if (process.stdout.isTTY) throw new BadInputError('refusing to write a tar to a terminal: give -o FILE or redirect the output');
          await pipeline(Readable.from(readLayer(store, diffId)), ...(stages as [NodeJS.ReadWriteStream]), process.stdout);
          return;
        }
        // Written beside the target and renamed only once the DiffID has been verified.
        const partial = `${raw.output}.cairn-partial-${process.pid}`;
        try {
          await pipeline(Readable.from(readLayer(store, diffId)), ...(stages as [NodeJS.ReadWriteStream]), createWriteStream(partial));
          await rename(partial, raw.output);
        } catch (error) {
          await rm(partial, { force: true });
          throw error;
        }
        if (options.json) printJson({ diffId, output: raw.output });
      });
    });

  exportCommand
    .command('oci')
    .description('write an image as an OCI image layout (config verbatim, layers recompressed)')
    .argument('<image>', 'a name (app:v1), a manifest digest, or a unique digest prefix')
    .argument('<dir>', 'the layout directory (created if missing)')
    .option('--uncompressed', 'write plain tar layers')
    .option('--compress <kind>', 'gzip (default) or zstd')
    .option('--tag <tag>', 'ref name in index.json (default: the tag of the image name)')
    .action(async (image: string, dir: string, raw: { uncompressed?: boolean; compress?: string; tag?: string }) => {
      const options = globals();
      if (raw.compress && !['gzip', 'zstd'].includes(raw.compress)) throw new BadInputError(`--compress: expected gzip or zstd, got ${raw.compress}`);
      await withStore(options, async (store) => {
        const manifest = await store.resolveImage(image);
        const result = await exportOciLayout(store, manifest, dir, {
          compression: raw.uncompressed ? 'none' : ((raw.compress as 'gzip' | 'zstd' | undefined) ?? 'gzip'),
          tag: raw.tag,
        });
        if (options.json) printJson({ image: manifest, dir, ...result });
        else if (!options.quiet) process.stdout.write(`wrote ${dir}: manifest ${result.manifest}, ${result.layers.length} layer(s)\n`);
      });
    });

  registerExportRootfs(exportCommand, globals);
}
