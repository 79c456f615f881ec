/** `cairn bundle` and `cairn apply`: offline upgrade bundles (docs/bundle.md). */
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { BadInputError } from '../../errors.js';
import { printJson, say, short, type GlobalOptions } from '../output.js';
import { startProgress } from '../progress.js';
import { formatBytes } from '../sizes.js';
import { withStore } from '../store-access.js';
import { checkOutputFile } from '../targets.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The bundle code, loaded when a command runs (not for help). */
const library = () => import('../../bundle/index.js');

export function registerBundle(program: Command, globals: () => GlobalOptions): void {
  program
    .command('bundle')
    .description('write an upgrade bundle: what a store holding the --from images needs to build the targets')
    .argument('<image...>', 'target images (names, digests or unique prefixes)')
    .option('--from <image>', 'an image the receiver already holds (repeatable; several may follow one --from)', collect)
    .option('--have <file>', 'the receiver\'s inventory (written there by cairn inventory)')
    .option('-o, --output <file>', 'the bundle file to write')
    .addHelpText('after', '\nExamples:\n  $ cairn bundle app:v2 --from app:v1 -o app-v1-v2.tar\n  $ cairn bundle app:v2 --have site.inventory -o up.tar\n  $ cairn apply app-v1-v2.tar')
    .action(async (images: string[], raw: { from?: string[]; have?: string; output?: string }) => {
      const options = globals();
      if (!raw.output) throw new BadInputError('bundle: give -o FILE');
      const { parseInventory, writeBundle } = await library();
      const have = raw.have === undefined ? undefined : parseInventory(await readFile(raw.have));
      await checkOutputFile(raw.output, '-o');
      await withStore(options, async (store) => {
        const partial = `${raw.output}.cairn-partial-${process.pid}`;
        try {
          const progress = startProgress(options, 'bundle');
          const report = await writeBundle(store, images, { from: raw.from ?? [], ...(have ? { have } : {}), onProgress: (e) => progress.update(e.done, e.total) }, createWriteStream(partial))
            .finally(() => progress.stop());
          await rename(partial, raw.output!);
          if (options.json) printJson({ output: raw.output, ...report });
          else {
            const deltas = report.files.filter((f) => f.via === 'delta' || f.via === 'zip-delta').length;
            say(options, `wrote ${raw.output}: ${formatBytes(report.bytes)} (chunks ${formatBytes(report.chunkBytes)}, ` +
              `deltas ${formatBytes(report.deltaBytes)} for ${deltas} files, metadata ${formatBytes(report.metadataBytes)})`);
          }
        } catch (error) {
          await rm(partial, { force: true });
          throw error;
        }
      });
    });

  program
    .command('inventory')
    .description('write what this store holds, compactly, for a sender\'s bundle --have')
    .option('-o, --output <file>', 'the inventory file to write')
    .action(async (raw: { output?: string }) => {
      const options = globals();
      if (!raw.output) throw new BadInputError('inventory: give -o FILE');
      await checkOutputFile(raw.output, '-o');
      const { makeInventory } = await library();
      await withStore(options, async (store) => {
        const inventory = await makeInventory(store);
        const text = JSON.stringify(inventory) + '\n';
        await writeFile(raw.output!, text);
        if (options.json) printJson({ output: raw.output, images: inventory.images.length, layers: inventory.layers.length, files: inventory.files.length, bytes: Buffer.byteLength(text) });
        else say(options, `wrote ${raw.output}: ${inventory.images.length} images, ${inventory.layers.length} layers, ${inventory.files.length} files`);
      });
    });

  program
    .command('apply')
    .description('check a bundle, store it, rebuild and verify every layer, then name the images')
    .argument('<file>', 'a bundle written by cairn bundle')
    .option('--no-blob-descriptions', 'do not keep how the bundle says each layer blob is rebuilt byte for byte (push and export then write new blobs and a new manifest)')
    .action(async (file: string, raw: { blobDescriptions?: boolean }) => {
      const options = globals();
      const { applyBundle } = await library();
      await withStore(options, async (store) => {
        const progress = startProgress(options, 'apply');
        const report = await applyBundle(store, createReadStream(file), { onProgress: (e) => progress.update(e.done, e.total), describeBlobs: raw.blobDescriptions !== false })
          .finally(() => progress.stop());
        if (options.json) printJson({ bundle: file, ...report });
        else if (report.noop) say(options, `${file}: already applied, nothing to do`);
        else {
          const names = report.images.map((i) => (i.names.length > 0 ? i.names.join(', ') : short(i.manifest))).join('; ');
          const kept = report.layers.filter((l) => l.blob?.reproduced === 'unconfirmed').length;
          const lost = report.layers.filter((l) => l.blob?.reproduced === false).length;
          const blobs = kept + lost === 0 ? '' : `; ${kept} original layer blobs described${lost > 0 ? `, ${lost} not (see --json)` : ''}`;
          say(options, `applied ${file}: ${report.files.length} files, ${report.layers.length} layers verified${blobs}; ${names}`);
        }
      });
    });
}
