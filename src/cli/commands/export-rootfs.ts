/** `cairn export rootfs IMAGE DIR` and `cairn export rootfs IMAGE --tar FILE`: an image's root file system. */
import type { Command } from 'commander';
import { BadInputError } from '../../errors.js';
import type { RootfsExportOptions, RootfsProgressEvent } from '../../rootfs/index.js';
import { printJson, say, type GlobalOptions } from '../output.js';
import { startProgress } from '../progress.js';
import { delayOptimization } from '../short-run.js';
import { formatBytes } from '../sizes.js';
import { withStore } from '../store-access.js';
import { checkOutputDirectory, checkOutputFile } from '../targets.js';

export function registerExportRootfs(exportCommand: Command, globals: () => GlobalOptions): void {
  exportCommand
    .command('rootfs')
    .description('apply an image\'s layers to a directory (or write them as one flattened tar), as umoci unpack does')
    .argument('<image>', 'a name (app:v1), a manifest digest, or a unique digest prefix')
    .argument('[dir]', 'the target directory: made if missing, refused unless empty')
    .option('--tar <file>', 'write the final tree as one deterministic tar instead of a directory')
    .option('--rootless', 'do not apply owners (record them in user.rootlesscontainers) and make devices as empty files; the default when not root')
    .addHelpText('after', '\nExamples:\n  $ cairn export rootfs app:v1 ./rootfs\n  $ cairn export rootfs 7a91420e --tar rootfs.tar')
    .action(async (image: string, dir: string | undefined, raw: { tar?: string; rootless?: boolean }) => {
      const options = globals();
      if ((dir === undefined) === (raw.tar === undefined)) throw new BadInputError('give either a target directory or --tar FILE');
      if (raw.tar !== undefined) await checkOutputFile(raw.tar, '--tar');
      else {
        // A short run, most often: TurboFan's compilations cost more than they give back (short-run.ts).
        delayOptimization();
        await checkOutputDirectory(dir!, 'export rootfs:');
        // The writer thread starts while the store's modules load and the store opens.
        (await import('../../disk/batches.js')).prestartDiskWriter();
      }
      await withStore(options, async (store) => {
        let bar: ReturnType<typeof startProgress> | undefined;
        const exportOptions: RootfsExportOptions = {
          onWarning: (message) => process.stderr.write(`cairn: warning: ${message}\n`),
          onProgress: (event: RootfsProgressEvent) => {
            if (event.type !== 'rootfs:bytes') return;
            bar ??= startProgress(options, 'rootfs', event.total);
            bar.update(event.done);
          },
        };
        if (raw.rootless) exportOptions.rootless = true;
        let result;
        try {
          result = raw.tar !== undefined
            ? await (await import('../../rootfs/index.js')).exportRootfsTar(store, image, raw.tar, exportOptions)
            : await (await import('../../rootfs/index.js')).exportRootfs(store, image, dir!, exportOptions);
        } finally {
          bar?.stop();
        }
        const where = raw.tar ?? dir!;
        if (options.json) {
          printJson({
            image: result.manifest,
            ...(raw.tar !== undefined ? { tar: raw.tar, tarBytes: result.tarBytes } : { dir }),
            layers: result.layers,
            entries: result.entries,
            files: result.files,
            bytes: result.bytes,
            warnings: result.warnings,
          });
        } else {
          const notes = result.warnings.length > 0 ? `, ${result.warnings.length} warning(s)` : '';
          say(options, `wrote ${where}: ${result.entries} entries, ${result.files} files, ${formatBytes(result.bytes)} from ${result.layers} layer(s)${notes}`);
        }
      });
    });
}
