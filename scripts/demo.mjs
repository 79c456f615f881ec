// The main job: build the demo corpus (corpus/build.mjs; cached outside git) and chunk every
// distinct layer of it, printing what chunk-level dedup finds across image versions.
import { spawnSync } from 'node:child_process';
import { createReadStream, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readChunks, sha256Digest } from 'cairn';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = spawnSync(process.execPath, [join(root, 'corpus', 'build.mjs'), ...process.argv.slice(2)], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
if (build.status !== 0) {
  console.error('cairn demo: building the corpus failed');
  process.exit(1);
}
const corpusDir = build.stdout.trim().split('\n').pop();
const corpus = JSON.parse(readFileSync(join(corpusDir, 'corpus.json'), 'utf8'));
const layers = new Map();
for (const image of corpus.images) image.layerTars.forEach((tar, i) => layers.set(image.diffIds[i], tar));

const mb = (n) => (n / 1e6).toFixed(1) + ' MB';
let tarBytes = 0;
for (const mode of ['aligned', 'fastcdc']) {
  const seen = new Map();
  let chunks = 0;
  tarBytes = 0;
  const started = Date.now();
  for (const tar of layers.values()) {
    for await (const chunk of readChunks(createReadStream(tar, { highWaterMark: 1 << 20 }), { mode })) {
      tarBytes += chunk.length;
      chunks++;
      const digest = sha256Digest(chunk.bytes);
      if (!seen.has(digest)) seen.set(digest, chunk.length);
    }
  }
  const uniqueBytes = [...seen.values()].reduce((a, b) => a + b, 0);
  if (mode === 'aligned') console.log(`corpus   ${corpus.images.length} images, ${layers.size} distinct layers, ${mb(tarBytes)} of layer tar (whole tar streams chunked)`);
  console.log(`${mode.padEnd(8)} ${chunks} chunks (${seen.size} distinct), mean ${(tarBytes / chunks / 1024).toFixed(1)} KiB; ` +
    `${mb(uniqueBytes)} unique (${(uniqueBytes / tarBytes * 100).toFixed(1)}%), ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
