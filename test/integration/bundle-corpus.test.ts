// The bundle round trip on real releases: every consecutive pair of the demo corpus (built by
// corpus/build.mjs into its shared cache; it needs the npm registry the first time). For each
// FROM → TO: a bundle from a store holding every image, applied to a fresh store holding only
// FROM; then every layer of TO read back from that store hashes to its DiffID (as corpus.json
// records it from the layer tars GNU tar wrote), and TO's root file system exported from it is
// byte-identical to the one exported from the sender. The whole corpus, never skipped: slow (one
// pair, esbuild 0.20.0 → 0.20.1, took 194 s here under heavy load; all 11 pairs, with the
// larger biome, swc and tsc files, take tens of minutes).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyBundle, exportRootfsTar, ingest, openStore, readLayer, writeBundle, type Store } from '../../src/index.js';
import { tmp } from '../support/cli.js';
import { ROOT } from '../support/paths.js';

interface CorpusImage { name: string; app: string; version: string; ociLayout: string; diffIds: string[]; manifestDigest: string }

function corpus(): CorpusImage[] {
  const build = spawnSync(process.execPath, [join(ROOT, 'corpus', 'build.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (build.status !== 0) {
    assert.fail(`the demo corpus could not be built (corpus/build.mjs exit ${build.status}; it needs the npm registry the first time): ${build.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  }
  const dir = build.stdout.trim().split('\n').pop()!;
  return (JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8')) as { images: CorpusImage[] }).images;
}

async function sha256Of(source: AsyncIterable<Uint8Array>): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of source) hash.update(piece);
  return `sha256:${hash.digest('hex')}`;
}

async function rootfsDigest(store: Store, image: string, file: string): Promise<string> {
  await exportRootfsTar(store, image, file);
  const digest = await sha256Of(createReadStream(file));
  rmSync(file, { force: true });
  return digest;
}

async function finished(stream: NodeJS.WritableStream): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve).on('error', reject);
  });
}

test('every consecutive pair of the demo corpus: bundle, apply to a store holding only the older image, byte-exact layers and rootfs', { timeout: 4 * 3600_000 }, async (t) => {
  const images = corpus();
  const pairs: [CorpusImage, CorpusImage][] = [];
  for (let i = 1; i < images.length; i++) if (images[i - 1]!.app === images[i]!.app) pairs.push([images[i - 1]!, images[i]!]);
  assert.ok(pairs.length >= 11, `the demo corpus has its consecutive releases (${pairs.length} pairs)`);
  const dir = tmp('bundle-corpus');
  const sender = await openStore(join(dir, 'sender'));
  try {
    for (const image of images) await ingest(sender, [image.ociLayout], { name: image.app });
    for (const [from, to] of pairs) {
      const started = performance.now();
      const file = join(dir, 'bundle.tar');
      const out = createWriteStream(file);
      const done = finished(out);
      const made = await writeBundle(sender, [to.name], { from: [from.name] }, out);
      await done;
      const receiver = await openStore(join(dir, `receiver-${to.app}-${to.version}`));
      try {
        await ingest(receiver, [from.ociLayout], { name: from.app });
        const applied = await applyBundle(receiver, createReadStream(file));
        assert.equal(applied.noop, false);
        assert.deepEqual(applied.images.map((i) => i.manifest), [to.manifestDigest], `${to.name}: the target image, under its manifest digest`);
        assert.deepEqual((await receiver.listNames()).map((n) => n.name).sort(), [from.name, to.name].sort());
        for (const diffId of to.diffIds) assert.equal(await sha256Of(readLayer(receiver, diffId)), diffId, `${to.name}: layer ${diffId} byte-exact`);
        assert.equal(await rootfsDigest(receiver, to.name, join(dir, 'got.tar')), await rootfsDigest(sender, to.name, join(dir, 'want.tar')), `${to.name}: rootfs identical`);
      } finally {
        await receiver.close();
        rmSync(join(dir, `receiver-${to.app}-${to.version}`), { recursive: true, force: true });
      }
      t.diagnostic(`${from.name} → ${to.version}: bundle ${made.bytes} bytes (${made.files.filter((f) => f.via === 'delta').length} deltas), ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    await sender.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
