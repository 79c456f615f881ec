// Verification of a freshly built or an existing corpus: every blob hashes to
// its name, every layer tar and docker-archive layer to its diff_id; the
// api-app's layers hold what its recipe pins (verify-api-app.mjs).

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { MT } from './recipe.mjs';
import { runTar } from './tar.mjs';
import { verifyApiApp } from './verify-api-app.mjs';
import { rmrf, sha256, sha256File } from './util.mjs';

function verifyBlob(ociDir, digest, expectSize) {
  const file = path.join(ociDir, 'blobs', 'sha256', digest.slice(7));
  const buf = fs.readFileSync(file);
  if (`sha256:${sha256(buf)}` !== digest) throw new Error(`${file}: content does not hash to its name`);
  if (expectSize !== undefined && buf.length !== expectSize) throw new Error(`${file}: size ${buf.length} != descriptor ${expectSize}`);
  return buf;
}

function verifyImage(img) {
  const d = img.ociLayout;
  const layout = JSON.parse(fs.readFileSync(path.join(d, 'oci-layout'), 'utf8'));
  if (layout.imageLayoutVersion !== MT.ociLayout) throw new Error(`${d}: bad oci-layout`);
  const index = JSON.parse(fs.readFileSync(path.join(d, 'index.json'), 'utf8'));
  const desc = index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === img.tag);
  if (!desc) throw new Error(`${d}: no manifest tagged ${img.tag}`);
  const manifest = JSON.parse(verifyBlob(d, desc.digest, desc.size));
  if (manifest.mediaType !== MT.manifest) throw new Error(`${d}: bad manifest media type`);
  const config = JSON.parse(verifyBlob(d, manifest.config.digest, manifest.config.size));
  const diffIds = config.rootfs.diff_ids;
  if (JSON.stringify(diffIds) !== JSON.stringify(img.diffIds)) throw new Error(`${img.name}: diff_ids differ from corpus.json`);
  if (manifest.layers.length !== diffIds.length || img.layerTars.length !== diffIds.length) {
    throw new Error(`${img.name}: layer count mismatch`);
  }
  manifest.layers.forEach((l, i) => {
    if (l.mediaType !== MT.layerGzip) throw new Error(`${img.name}: layer ${i} media type ${l.mediaType}`);
    const gz = verifyBlob(d, l.digest, l.size);
    if (`sha256:${sha256(zlib.gunzipSync(gz))}` !== diffIds[i]) {
      throw new Error(`${img.name}: layer ${i} blob does not decompress to diff_id ${diffIds[i]}`);
    }
    if (`sha256:${sha256File(img.layerTars[i])}` !== diffIds[i]) {
      throw new Error(`${img.layerTars[i]}: sha256 is not diff_id ${diffIds[i]}`);
    }
  });
}

function verifyDockerArchive(ctx, arch) {
  const dir = path.join(ctx.workDir, 'docker-verify');
  rmrf(dir);
  fs.mkdirSync(dir, { recursive: true });
  runTar(['-xf', arch.path, '-C', dir]);
  const [m] = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  if (!m.RepoTags.includes(arch.name)) throw new Error(`${arch.path}: RepoTags ${m.RepoTags}`);
  const cfgBuf = fs.readFileSync(path.join(dir, m.Config));
  if (`${sha256(cfgBuf)}.json` !== m.Config) throw new Error(`${arch.path}: config does not hash to its name`);
  const diffIds = JSON.parse(cfgBuf).rootfs.diff_ids;
  if (JSON.stringify(diffIds) !== JSON.stringify(arch.diffIds)) throw new Error(`${arch.path}: diff_ids differ`);
  m.Layers.forEach((l, i) => {
    if (`sha256:${sha256File(path.join(dir, l))}` !== diffIds[i]) throw new Error(`${arch.path}: ${l} is not ${diffIds[i]}`);
  });
  rmrf(dir);
}

// Returns what verifyApiApp measured (the api-app's deps layer upgrades).
export function verifyCorpus(ctx, corpus) {
  for (const img of corpus.images) verifyImage(img);
  for (const arch of corpus.dockerArchives) verifyDockerArchive(ctx, arch);
  return verifyApiApp(ctx, corpus);
}
