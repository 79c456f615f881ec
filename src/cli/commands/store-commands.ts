/** `cairn ingest`, `ls`, `rm`, `verify`, `gc`, `repair`: the store's commands. */
import type { Command } from 'commander';
import { BadInputError } from '../../errors.js';
import type { IngestResult } from '../../ingest/index.js';
import { addChunkingOptions, chunkingOptionsFrom, type RawChunkingOptions } from '../chunking-options.js';
import { imageLines, wrapped } from '../image-lines.cjs';
import { note, output, printJson, say, short, warn, type GlobalOptions } from '../output.js';
import { byteProgress, startProgress } from '../progress.js';
import { formatBytes, parseGroupSize, parsePackSize, parseZstdLevel } from '../sizes.js';
import { printRepair } from '../repair-output.js';
import { existingStoreDir, withStore } from '../store-access.js';

const examples = (...lines: string[]): string => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}`;

function printIngest(options: GlobalOptions, result: IngestResult, seconds: number, inputBytes: number): void {
  for (const image of result.images) {
    if (image.namedAfterPath) note(options, `no --name given: named the image ${image.name} (after its path)`);
  }
  if (options.json) return printJson(result);
  for (const image of result.images) {
    for (const line of wrapped(`image  ${short(image.manifest)}  `, [image.name ?? '(no name)'])) say(options, line);
  }
  for (const l of result.layers) {
    const figures = l.stored === 'already'
      ? `already stored${l.files !== undefined ? ` (${l.files} files, ${l.chunks} chunks)` : ''}`
      : `${l.files} files, ${l.chunks} chunks (${l.newChunks} new), ${formatBytes(l.storedBytes)} stored`;
    say(options, `layer  ${short(l.diffId)}  ${formatBytes(l.tarBytes)} tar, ${figures}`);
  }
  const t = result.totals;
  const rate = `${formatBytes(Math.round(inputBytes / Math.max(seconds, 1e-9)))}/s`;
  if (t.newChunks === 0 && result.layers.every((l) => l.stored === 'already')) {
    say(options, `stored ${formatBytes(t.storedBytes)} new: every layer was already in the store; ${rate}`);
  } else {
    say(options, `stored ${formatBytes(t.storedBytes)} new (${t.newChunks} new chunks of ${t.chunks}); ${rate}`);
  }
  const d = result.deltas;
  if (d) say(options, `deltas: ${d.files} files (${formatBytes(d.fileBytes)}) stored as ${formatBytes(d.deltaBytes)} of deltas; cairn gc reclaims ${formatBytes(d.chunkBytes)} of their chunks`);
}

export function registerStoreCommands(program: Command, globals: () => GlobalOptions): void {
  addChunkingOptions(
    program
      .command('ingest')
      .description('store images: OCI layouts, OCI archives, docker-archives, layer tars (plain, gzip, zstd), directories')
      .argument('<path...>', 'what to ingest (recognised by content)')
      .option('--name <name>', 'name the image (app:v1); a layer tar or directory is otherwise named after its path')
      .option('--zstd-level <n>', 'zstd level for new chunks, -7..22 (default: 3)')
      .option('--pack-size <size>', 'seal packs at this size, 1M..1G (default: 16M)')
      .option('--group-size <size>', 'compress new chunks of up to 256K together in groups of this size, 0 or 64K..16M (default: 1M; 0: each chunk alone)')
      .option('--no-x86-filter', 'compress chunk groups of x86 code as they are (by default their call and jump displacements are made absolute first: about 2% less stored)')
      .option('--deltas', 'store new large files of a named image as deltas against the same files of older images of its repository (see README, "Versions as deltas"; gc reclaims their chunks)')
      .option('--no-blob-descriptions', 'do not work out how to rebuild compressed layer blobs byte for byte (faster; export and push then write new blobs and a new manifest)'),
    true,
  ).addHelpText('after', examples(
    'cairn ingest app-v2.tar --name app:v2',
    'cairn ingest ./oci-layout --name app      # bare tags in the layout become app:TAG',
    'cairn ingest docker-save.tar              # keeps its RepoTags',
  ) + '\n\nWith an input that names its own images (layout, archive), --name REPO gives a layout\'s bare\n'
    + 'tags their repository; --name REPO:TAG (or a REPO no image took) also names the image, and is\n'
    + 'refused when the input holds several images.')
    .action(async (paths: string[], raw: RawChunkingOptions & { name?: string; zstdLevel?: string; packSize?: string; groupSize?: string; x86Filter?: boolean; deltas?: boolean; blobDescriptions?: boolean }) => {
      const options = globals();
      const chunker = chunkingOptionsFrom(raw);
      const zstdLevel = parseZstdLevel(raw.zstdLevel ?? '3');
      const packSize = parsePackSize(raw.packSize ?? '16M');
      const groupSize = parseGroupSize(raw.groupSize ?? '1M');
      const { progress, onBytes, bytes } = byteProgress(options, 'ingest');
      const started = process.hrtime.bigint();
      let result: IngestResult;
      try {
        result = await withStore(
          options,
          async (store) => (await import('../../ingest/index.js')).ingest(store, paths, { name: raw.name, onWarning: warn, deltas: raw.deltas === true, describeBlobs: raw.blobDescriptions !== false }),
          { chunker, zstdLevel, packSize, groupSize, x86Filter: raw.x86Filter !== false, create: true },
          (event) => {
            if (event.type === 'ingest:bytes') onBytes(event);
          },
        );
      } finally {
        progress.stop();
      }
      printIngest(options, result, Number(process.hrtime.bigint() - started) / 1e9, bytes());
    });

  program
    .command('ls')
    .description('list images (default) or layers')
    .argument('[what]', 'images (the default) or layers')
    .addHelpText('after', examples('cairn ls', 'cairn ls layers', 'cairn --json ls'))
    .action(async (what = 'images') => {
      const options = globals();
      if (what !== 'images' && what !== 'layers') throw new BadInputError(`ls: expected images or layers, got ${what}`);
      await withStore(options, async (store) => {
        if (what === 'images') {
          const images = await store.listImages();
          if (options.json) return printJson({ images });
          for (const i of images) for (const line of imageLines(i.manifest, i.layers.length, i.names)) output(options, line);
          return;
        }
        const layers = [];
        for (const diffId of await store.listLayerDiffIds()) layers.push({ diffId, tarBytes: (await store.getLayerRecipe(diffId)).tarLength });
        if (options.json) return printJson({ layers });
        for (const l of layers) output(options, `${short(l.diffId)}  ${formatBytes(l.tarBytes)}`);
      });
    });

  program
    .command('rm')
    .description('remove image names (gc reclaims what nothing names)')
    .argument('<image...>', 'names, or image digests or unique prefixes (every name of that image goes)')
    .addHelpText('after', examples('cairn rm app:v1', 'cairn rm 7a91420e        # every name of that image', 'cairn rm app:v1 && cairn gc'))
    .action(async (refs: string[]) => {
      const options = globals();
      await withStore(options, async (store) => {
        const removed = await store.removeNames(refs);
        if (options.json) printJson({ removed });
        else say(options, `removed ${removed.join(', ')}`);
      });
    });

  program
    .command('verify')
    .description('check every pack, the index, and every reference; --deep re-hashes every record')
    .option('--deep', 'decompress and re-hash every record')
    .addHelpText('after', examples('cairn verify', 'cairn --json verify --deep'))
    .action(async (raw: { deep?: boolean }) => {
      const options = globals();
      const progress = startProgress(options, 'verify', 0, 'packs');
      let report;
      try {
        report = await withStore(options, (store) => store.verify({ deep: raw.deep }), {}, (e) => {
          if (e.type === 'verify:pack') progress.update(e.done, e.total);
        });
      } finally {
        progress.stop();
      }
      if (options.json) printJson(report);
      else {
        for (const p of report.problems.slice(0, 20)) process.stderr.write(`cairn: ${p.message}\n`);
        if (report.problems.length > 20) process.stderr.write(`cairn: … and ${report.problems.length - 20} more (--json lists them all)\n`);
        output(options, `${report.ok ? 'ok' : 'FAILED'}: ${report.packs} packs, ${report.records} records, ${report.indexEntries} index entries, ${report.names} names, ${report.problems.length} problems`);
      }
      if (!report.ok) {
        if (!options.json) process.stderr.write(`cairn: verify found ${report.problems.length} problem(s)\n`);
        process.exitCode = 4;
      }
    });

  program
    .command('gc')
    .description('reclaim space held by nothing named')
    .addHelpText('after', examples('cairn rm app:v1 && cairn gc'))
    .action(async () => {
      const options = globals();
      const report = await withStore(options, (store) => store.gc());
      if (options.json) printJson(report);
      else say(options, `gc: ${report.recordsRemoved} records removed; packs ${report.packsBefore} → ${report.packsAfter}; ${formatBytes(report.bytesBefore)} → ${formatBytes(report.bytesAfter)}`);
    });

  program
    .command('repair')
    .description('rebuild the index from the packs; save what checks out of damaged packs, say what was lost')
    .addHelpText('after', examples('cairn repair && cairn verify'))
    .action(async () => {
      const options = globals();
      const { repairStore } = await import('../../store/index.js');
      printRepair(options, await repairStore(existingStoreDir(options)));
    });
}
