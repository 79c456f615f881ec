/** `cairn push` and `cairn pull`: standard images to and from OCI registries (src/registry). */
import type { Command } from 'commander';
import { BadParameterError } from '../../errors.js';
import type { RegistryClientOptions } from '../../registry/client.js';
import type { LayerProvider } from '../../registry/pull.js';
import { printJson, say, short, type GlobalOptions } from '../output.js';
import { startProgress } from '../progress.js';
import { formatBytes, parseInteger, parseSize } from '../sizes.js';
import { withStore } from '../store-access.js';

const examples = (...lines: string[]): string => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}`;

interface RegistryFlags {
  creds?: string;
  authfile?: string;
  certDir?: string;
  tlsVerify?: string;
  timeout?: string;
  retries?: string;
}

/** The auth and TLS options both commands take. */
function addRegistryOptions(command: Command): Command {
  return command
    .option('--creds <user[:pass]>', 'credentials (else --authfile, $REGISTRY_AUTH_FILE, ~/.docker/config.json)')
    .option('--authfile <file>', "an auth file in docker's config.json format")
    .option('--cert-dir <dir>', 'CA certificates (*.crt) and a client certificate (*.cert + *.key)')
    .option('--tls-verify <bool>', 'verify TLS certificates; false also allows plain HTTP (default: true)')
    .option('--timeout <seconds>', 'give up on a request after this long without data (default: 30)')
    .option('--retries <n>', 'retries on 429, 5xx and dropped connections (default: 4)');
}

function clientOptions(flags: RegistryFlags): RegistryClientOptions {
  let tlsVerify = true;
  if (flags.tlsVerify !== undefined) {
    if (!['true', 'false'].includes(flags.tlsVerify)) throw new BadParameterError('tls-verify', `--tls-verify: expected true or false, got ${JSON.stringify(flags.tlsVerify)}`);
    tlsVerify = flags.tlsVerify === 'true';
  }
  return {
    tlsVerify,
    ...(flags.creds !== undefined ? { creds: flags.creds } : {}),
    ...(flags.authfile !== undefined ? { authFile: flags.authfile } : {}),
    ...(flags.certDir !== undefined ? { certDir: flags.certDir } : {}),
    ...(flags.timeout !== undefined ? { timeoutMs: parseInteger(flags.timeout, 'timeout') * 1000 } : {}),
    ...(flags.retries !== undefined ? { retries: parseInteger(flags.retries, 'retries') } : {}),
  };
}

/**
 * The layer providers `pull` tries before fetching whole blobs: cairn's delta artifacts, then
 * its chunk artifacts (src/registry/chunked/).
 */
async function layerProviders(): Promise<LayerProvider[]> {
  const { chunkLayerProvider, deltaLayerProvider } = await import('../../registry/chunked/index.js');
  return [deltaLayerProvider(), chunkLayerProvider()];
}

const sum = (values: Record<string, number>): number => Object.values(values).reduce((a, b) => a + b, 0);

export function registerRegistry(program: Command, globals: () => GlobalOptions): void {
  addRegistryOptions(
    program
      .command('push')
      .description('push an image from the store to a registry as a standard OCI image')
      .argument('<image>', 'a name (app:v1), a manifest digest, or a unique digest prefix')
      .argument('<ref>', 'where to: [host[:port]/]repository[:tag]')
      .option('--compress <kind>', 'layer compression: original, gzip or zstd (default: original: the ingested blobs where they are rebuilt byte for byte, so the manifest digest is kept; gzip for the rest)')
      .option('--chunk-size <size>', 'upload blobs in PATCH chunks of this size (default: one PUT)')
      .option('--deltas-from <image...>', 'also push a delta from each of these stored images (a puller holding one fetches the delta)')
      .option('--no-chunk-data', "do not push cairn's chunk artifact beside the image"),
  ).addHelpText('after', examples('cairn push app:v1 registry.example.com/team/app:v1', 'cairn push app:v1 localhost:5000/app:v1 --compress zstd'))
    .action(async (image: string, refText: string, raw: RegistryFlags & { compress?: string; chunkSize?: string; deltasFrom?: string[]; chunkData?: boolean }) => {
      const options = globals();
      const { parseRegistryReference } = await import('../../registry/reference.js');
      const ref = parseRegistryReference(refText);
      if (raw.compress !== undefined && raw.compress !== 'original' && raw.compress !== 'gzip' && raw.compress !== 'zstd') {
        throw new BadParameterError('compress', `--compress: expected original, gzip or zstd, got ${raw.compress}`);
      }
      const client = clientOptions(raw);
      const chunkSize = raw.chunkSize !== undefined ? parseSize(raw.chunkSize, 'chunk-size') : undefined;
      await withStore(options, async (store) => {
        const manifest = await store.resolveImage(image);
        const { pushImage } = await import('../../registry/push.js');
        const progress = startProgress(options, 'push');
        const { pushBeside } = await import('../../registry/chunked/index.js');
        // The chunk artifact goes up while the image does; its manifest waits for the image's.
        const pushing = pushImage(store, manifest, ref, {
          ...client, compression: (raw.compress as 'original' | 'gzip' | 'zstd' | undefined) ?? 'original', chunkSize,
          onProgress: ({ done, total }) => progress.update(done, total),
        });
        const besides = pushBeside(store, manifest, ref, pushing, { ...client, chunks: raw.chunkData !== false, deltasFrom: raw.deltasFrom ?? [] });
        besides.catch(() => undefined); // awaited below (its failure is thrown there), after the image's
        let result;
        try {
          result = await pushing;
        } catch (error) {
          await besides.catch(() => undefined);
          throw error;
        } finally {
          progress.stop();
        }
        const beside = await besides;
        if (options.json) {
          const { traffic, ...rest } = result;
          printJson({ ...rest, requests: traffic.requests + beside.traffic.requests, bytes: { sent: traffic.sent, received: traffic.received }, chunkData: beside.chunks ?? null, deltas: beside.deltas, ...(beside.skipped ? { besideSkipped: beside.skipped } : {}), besideBytes: { sent: beside.traffic.sent, received: beside.traffic.received } });
          return;
        }
        if (beside.skipped) say(options, `chunk data and deltas not pushed: ${beside.skipped}`);
        if (beside.chunks) say(options, `chunk data: ${beside.chunks.packs} packs (${beside.chunks.packsUploaded} uploaded, ${formatBytes(beside.chunks.bytesUploaded)}), artifact ${short(beside.chunks.artifact)}`);
        for (const d of beside.deltas) say(options, `delta from ${short(d.from)}: ${formatBytes(d.bytes)}, artifact ${short(d.artifact)}`);
        for (const layer of result.layers) {
          const blob = layer.reproduced ? 'original blob' : `new blob${layer.reason ? `: ${layer.reason}` : ''}`;
          say(options, `layer ${short(layer.digest)}  ${formatBytes(layer.size).padStart(10)}  ${layer.how}  ${blob}`);
        }
        say(options, `config ${short(result.config.digest)}  ${result.config.how}`);
        const kept = result.manifestKept ? 'the manifest digest of the store is kept' : `a new manifest (the store's is ${short(result.storeManifest)})`;
        say(options, `pushed ${result.reference}: manifest ${short(result.manifest)}, ${kept}; sent ${formatBytes(sum(result.traffic.sent))} in ${result.traffic.requests} requests`);
      });
    });

  addRegistryOptions(
    program
      .command('pull')
      .description('pull an image from a registry into the store (layers the store has are not fetched)')
      .argument('<ref>', '[host[:port]/]repository[:tag|@digest]')
      .option('--name <name>', 'name the image in the store (default: the reference)')
      .option('--platform <os/arch>', "the image of an index to pull (default: the host's)")
      .option('--no-blob-descriptions', 'do not work out (fetched whole) or keep (by chunks or delta) how to rebuild layer blobs byte for byte (faster; push and export then write new blobs and a new manifest)'),
  ).addHelpText('after', examples('cairn pull localhost:5000/app:v1', 'cairn pull registry.example.com/team/app:v2 --name app:v2 --platform linux/arm64'))
    .action(async (refText: string, raw: RegistryFlags & { name?: string; platform?: string; blobDescriptions?: boolean }) => {
      const options = globals();
      const { parseRegistryReference } = await import('../../registry/reference.js');
      const { parsePlatform } = await import('../../registry/manifest.js');
      const ref = parseRegistryReference(refText);
      const platform = raw.platform !== undefined ? parsePlatform(raw.platform) : undefined;
      if (raw.name !== undefined) (await import('../../reference.js')).parseImageName(raw.name);
      const client = clientOptions(raw);
      await withStore(options, async (store) => {
        const { pullImage } = await import('../../registry/pull.js');
        const progress = startProgress(options, 'pull');
        let result;
        try {
          result = await pullImage(store, ref, {
            ...client, ...(raw.name !== undefined ? { name: raw.name } : {}), ...(platform ? { platform } : {}),
            layerProviders: await layerProviders(), describeBlobs: raw.blobDescriptions !== false,
            onProgress: ({ done, total }) => progress.update(done, total),
          });
        } finally {
          progress.stop();
        }
        if (options.json) {
          const { traffic, ...rest } = result;
          printJson({ ...rest, requests: traffic.requests, bytes: { received: traffic.received, sent: traffic.sent } });
          return;
        }
        for (const layer of result.layers) {
          const blob = layer.blob === undefined ? '' : layer.blob.reproduced === true ? '  blob reproduced'
            : layer.blob.reproduced === 'unconfirmed' ? '  blob reproduced as described (checked at export or push)' : `  blob not reproduced: ${layer.blob.reason}`;
          say(options, `layer ${short(layer.diffId)}  ${formatBytes(layer.size).padStart(10)}  ${layer.how}${blob}`);
        }
        const named = result.name !== null ? ` as ${result.name}` : '';
        say(options, `pulled ${result.reference}${named}: manifest ${short(result.manifest)} (${result.platform}); received ${formatBytes(sum(result.traffic.received))} in ${result.traffic.requests} requests`);
      }, { create: true });
    });
}
