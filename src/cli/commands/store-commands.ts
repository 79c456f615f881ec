/** `cairn ingest`, `ls`, `rm`, `verify`, `gc`, `repair`: the store's commands. */
import type { Command } from 'commander';
import { CairnError, ingest, repairStore, type IngestResult, type Store } from '../../index.js';
import { addChunkingOptions, chunkingOptionsFrom, type RawChunkingOptions } from '../chunking-options.js';
import { printJson, startProgress, type GlobalOptions } from '../output.js';
import { formatBytes, parseInteger, parseSize } from '../sizes.js';
import { printRepair } from '../repair-output.js';
import { storeDir, withStore } from '../store-access.js';

function say(options: GlobalOptions, text: string): void {
  if (!options.json && !options.quiet) process.stdout.write(text + '\n');
}

function printIngest(options: GlobalOptions, result: IngestResult, seconds: number, inputBytes: number): void {
  if (options.json) return printJson(result);
  if (options.quiet) return;
  for (const image of result.images) say(options, `image  ${image.manifest}${image.name ? `  ${image.name}` : ''}`);
  for (const l of result.layers) {
    say(options, `layer  ${l.diffId}  ${formatBytes(l.tarBytes)} tar, ${l.files} files, ${l.chunks} chunks (${l.newChunks} new), ${formatBytes(l.storedBytes)} stored`);
  }
  const t = result.totals;
  say(options, `stored ${formatBytes(t.storedBytes)} new (${t.newChunks} new chunks of ${t.chunks}); ${(inputBytes / 1e6 / Math.max(seconds, 1e-9)).toFixed(0)} MB/s`);
}

export function registerStoreCommands(program: Command, globals: () => GlobalOptions): void {
  addChunkingOptions(
    program
      .command('ingest')
      .description('store images: OCI layouts, OCI archives, docker-archives, layer tars (plain, gzip, zstd), directories')
      .argument('<path...>', 'what to ingest (recognised by content)')
      .option('--name <name>', 'name for the image (app:v1)')
      .option('--zstd-level <n>', 'zstd level for new chunks', '3')
      .option('--pack-size <size>', 'seal packs at this size (K/M suffixes)', '16M'),
    false,
  ).action(async (paths: string[], raw: RawChunkingOptions & { name?: string; zstdLevel: string; packSize: string }) => {
    const options = globals();
    const chunker = chunkingOptionsFrom(raw);
    let bytes = 0;
    const progress = startProgress(options, 'ingest', 0);
    const started = process.hrtime.bigint();
    try {
      const result = await withStore(
        options,
        (store) => ingest(store, paths, { name: raw.name, onWarning: (w) => process.stderr.write(`cairn: warning: ${w}\n`) }),
        { chunker, zstdLevel: parseInteger(raw.zstdLevel, 'zstd-level'), packSize: parseSize(raw.packSize, 'pack-size') },
        (event) => {
          if (event.type === 'ingest:bytes') {
            bytes += event.bytes;
            progress.update(bytes, bytes);
          }
        },
      );
      progress.stop();
      printIngest(options, result, Number(process.hrtime.bigint() - started) / 1e9, bytes);
    } finally {
      progress.stop();
    }
  });

  program
    .command('ls')
    .description('list images (default) or layers')
    .argument('[what]', 'images or layers', 'images')
    .action(async (what: string) => {
      const options = globals();
      if (what !== 'images' && what !== 'layers') throw new CairnError('CAIRN_BAD_INPUT', `ls: expected images or layers, got ${what}`);
      await withStore(options, async (store) => {
        const images = await listImages(store);
        const layers = await store.listLayerDiffIds();
        if (options.json) return printJson({ images, layers: await Promise.all(layers.map(async (diffId) => ({ diffId, tarBytes: (await store.getLayerRecipe(diffId)).tarLength }))) });
        if (what === 'images') {
          for (const i of images) say(options, `${i.manifest}  ${i.layers.length} layer(s)  ${i.names.join(', ') || '(no name)'}`);
        } else {
          for (const diffId of layers) say(options, `${diffId}  ${formatBytes((await store.getLayerRecipe(diffId)).tarLength)}`);
        }
      });
    });

  program
    .command('rm')
    .description('remove image names (gc reclaims what nothing names)')
    .argument('<name...>', 'names to remove')
    .action(async (names: string[]) => {
      const options = globals();
      await withStore(options, async (store) => {
        const removed = await store.removeNames(names);
        if (options.json) printJson({ removed });
        else say(options, `removed ${removed.join(', ')}`);
      });
    });

  program
    .command('verify')
    .description('check every pack, the index, and every reference; --deep re-hashes every record')
    .option('--deep', 'decompress and re-hash every record')
    .action(async (raw: { deep?: boolean }) => {
      const options = globals();
      const progress = startProgress(options, 'verify', 0, 'packs');
      const report = await withStore(options, (store) => store.verify({ deep: raw.deep }), {}, (e) => {
        if (e.type === 'verify:pack') progress.update(e.done, e.total);
      });
      progress.stop();
      if (options.json) printJson(report);
      else {
        for (const p of report.problems.slice(0, 20)) process.stderr.write(`cairn: ${p.message}\n`);
        if (report.problems.length > 20) process.stderr.write(`cairn: … and ${report.problems.length - 20} more (--json lists them all)\n`);
        say(options, `${report.ok ? 'ok' : 'FAILED'}: ${report.packs} packs, ${report.records} records, ${report.indexEntries} index entries, ${report.names} names, ${report.problems.length} problems`);
      }
      if (!report.ok) {
        if (!options.json) process.stderr.write(`cairn: verify found ${report.problems.length} problem(s)\n`);
        process.exitCode = 4;
      }
    });

  program
    .command('gc')
    .description('reclaim space held by nothing named')
    .action(async () => {
      const options = globals();
      const report = await withStore(options, (store) => store.gc());
      if (options.json) printJson(report);
      else say(options, `gc: ${report.recordsRemoved} records removed; packs ${report.packsBefore} → ${report.packsAfter}; ${formatBytes(report.bytesBefore)} → ${formatBytes(report.bytesAfter)}`);
    });

  program
    .command('repair')
    .description('rebuild the index from the packs; save what checks out of damaged packs, say what was lost')
    .action(async () => {
      const options = globals();
      printRepair(options, await repairStore(storeDir(options)));
    });
}

async function listImages(store: Store) {
  const names = await store.listNames();
  const out = [];
  for (const manifest of await store.listImageDigests()) {
    const record = await store.getImage(manifest);
    out.push({ manifest, config: record.config, layers: record.layers.map((l) => l.diffId), names: names.filter((n) => n.image === manifest).map((n) => n.name) });
  }
  return out;
}
