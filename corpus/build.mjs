#!/usr/bin/env node
// Build cairn's demo corpus: real container images (OCI image layouts, plain
// layer tars, docker-archive tars) assembled from pinned npm packages, in
// consecutive real releases, so that version-to-version changes are realistic.
//
//   node corpus/build.mjs [--out DIR] [--small] [--force] [--verify]
//
// Node 20 built-ins only, plus GNU tar (>= 1.28, for --sort=name) on PATH as
// `tar` or `gtar`. Everything large goes to a cache directory outside git:
//   --out DIR, else $CAIRN_CORPUS_DIR, else $XDG_CACHE_HOME/cairn-corpus,
//   else ~/.cache/cairn-corpus   (--small without --out uses <that>/small).
// Progress goes to stderr; the last line of stdout is the corpus directory
// (the one holding corpus.json). See corpus/README.md.
//
// The modules beside it: recipe.mjs (what is built; the api-app's tree in
// api-app-recipe.mjs, expanded by api-app.mjs), downloads.mjs, tar.mjs,
// layers.mjs, tree-install.mjs, images.mjs, verify.mjs, verify-api-app.mjs
// and util.mjs.

import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { ensureDownloaded } from './downloads.mjs';
import { buildDockerArchive, buildImage } from './images.mjs';
import { LayerBuilder } from './layers.mjs';
import { CREATED, PACKAGES, RECIPE_VERSION, recipeHash, releaseSpecs, selectApps } from './recipe.mjs';
import { gnuTar } from './tar.mjs';
import { log, mb, rmrf } from './util.mjs';
import { verifyCorpus } from './verify.mjs';

function parseArgs(argv) {
  const opts = { out: null, small: false, force: false, verify: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--small') opts.small = true;
    else if (a === '--force') opts.force = true;
    else if (a === '--verify') opts.verify = true;
    else if (a === '--out') opts.out = argv[++i];
    else if (a.startsWith('--out=')) opts.out = a.slice(6);
    else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: node corpus/build.mjs [--out DIR] [--small] [--force] [--verify]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (opts.out === undefined || opts.out === '') throw new Error('--out needs a directory');
  return opts;
}

function defaultRoot() {
  if (process.env.CAIRN_CORPUS_DIR) return path.resolve(process.env.CAIRN_CORPUS_DIR);
  const cache = process.env.XDG_CACHE_HOME ? path.resolve(process.env.XDG_CACHE_HOME) : path.join(os.homedir(), '.cache');
  return path.join(cache, 'cairn-corpus');
}

// The stamp is current when it names this recipe and every file corpus.json
// lists is still there with the size it had.
function upToDate(outDir, stamp) {
  try {
    const old = JSON.parse(fs.readFileSync(path.join(outDir, 'stamp.json'), 'utf8'));
    if (old.recipeVersion !== stamp.recipeVersion || old.recipeHash !== stamp.recipeHash) return null;
    const corpus = JSON.parse(fs.readFileSync(path.join(outDir, 'corpus.json'), 'utf8'));
    for (const img of corpus.images) {
      if (!fs.existsSync(path.join(img.ociLayout, 'index.json'))) return null;
      for (const l of img.layers) if (fs.statSync(l.tar).size !== l.size) return null;
    }
    for (const a of corpus.dockerArchives) if (fs.statSync(a.path).size !== a.size) return null;
    return corpus;
  } catch {
    return null;
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const variant = opts.small ? 'small' : 'full';
  const root = opts.out ? path.resolve(opts.out) : defaultRoot();
  const outDir = opts.out || !opts.small ? root : path.join(root, 'small');
  const downloadsDir = path.join(root, 'downloads');
  const workDir = path.join(outDir, '.work');
  const stamp = { recipeVersion: RECIPE_VERSION, recipeHash: recipeHash(variant), variant };

  const tar = gnuTar();
  const ctx = { outDir, workDir };

  const existing = opts.force ? null : upToDate(outDir, stamp);
  if (existing) {
    if (opts.verify) {
      log(`verifying ${existing.images.length} images and ${existing.dockerArchives.length} docker archives`);
      verifyCorpus(ctx, existing);
      rmrf(workDir);
      log('all digests verified');
    }
    log(`corpus (${variant}, recipe ${RECIPE_VERSION}) is up to date in ${outDir}`);
    process.stdout.write(`${outDir}\n`);
    return;
  }

  // Only clear folders this script made: refuse to touch a directory that has
  // an images/ folder but not our marker file.
  const marker = path.join(outDir, '.cairn-corpus');
  if (!fs.existsSync(marker) && ['images', 'docker-archives'].some((s) => fs.existsSync(path.join(outDir, s)))) {
    throw new Error(`${outDir} has images/ or docker-archives/ but no .cairn-corpus marker; not overwriting it`);
  }
  const t0 = Date.now();
  log(`building ${variant} corpus (recipe ${RECIPE_VERSION}) in ${outDir} with ${tar.version}, node ${process.version}`);
  fs.mkdirSync(downloadsDir, { recursive: true });
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(marker, 'cairn demo corpus (built by corpus/build.mjs)\n');
  for (const sub of ['images', 'docker-archives', '.work', 'corpus.json', 'stamp.json']) rmrf(path.join(outDir, sub));
  fs.mkdirSync(workDir, { recursive: true });

  const apps = selectApps(opts.small);
  const specs = [...new Set(apps.flatMap((a) => a.releases.flatMap(releaseSpecs)))].sort();
  log(`${specs.length} pinned npm tarballs needed`);
  const dl = { fetched: 0, cached: 0 };
  const tgz = new Map();
  for (const spec of specs) tgz.set(spec, await ensureDownloaded(spec, downloadsDir, dl));
  log(`downloads: ${mb(dl.fetched)} MB fetched, ${mb(dl.cached)} MB already cached`);

  ctx.layers = new LayerBuilder(workDir, (spec) => tgz.get(spec));
  const images = [];
  const dockerArchives = [];
  for (const app of apps) {
    for (const release of app.releases) {
      const img = buildImage(ctx, app, release);
      const total = img.layers.reduce((s, l) => s + l.size, 0);
      log(`image ${img.name}: ${img.layers.map((l) => `${l.role} ${mb(l.size)} MB`).join(', ')} (total ${mb(total)} MB)`);
      images.push(img);
      if (app.dockerArchive) {
        const arch = buildDockerArchive(ctx, img);
        log(`docker archive ${path.basename(arch.path)} (${mb(arch.size)} MB)`);
        dockerArchives.push(arch);
      }
    }
  }

  const corpus = {
    recipeVersion: RECIPE_VERSION,
    variant,
    created: CREATED,
    tools: { node: process.version, zlib: process.versions.zlib, tar: tar.version },
    downloads: downloadsDir,
    packages: specs.map((s) => ({ spec: s, integrity: PACKAGES[s], file: tgz.get(s) })),
    images: images.map(({ config, ...rest }) => rest),
    dockerArchives,
  };

  log('verifying digests');
  const apiUpgrades = verifyCorpus(ctx, corpus);

  const uncompressed = images.reduce((s, i) => s + i.layers.reduce((t, l) => t + l.size, 0), 0);
  const uniq = new Map();
  for (const i of images) for (const l of i.layers) uniq.set(l.diffId, l);
  const uniqSize = [...uniq.values()].reduce((s, l) => s + l.size, 0);
  const uniqGz = [...uniq.values()].reduce((s, l) => s + l.compressedSize, 0);
  corpus.totals = {
    images: images.length,
    layerTarBytes: uncompressed,
    uniqueLayers: uniq.size,
    uniqueLayerTarBytes: uniqSize,
    uniqueCompressedBytes: uniqGz,
    dockerArchiveBytes: dockerArchives.reduce((s, a) => s + a.size, 0),
    downloadBytes: specs.reduce((s, sp) => s + fs.statSync(tgz.get(sp)).size, 0),
  };
  if (apiUpgrades.length) corpus.apiAppUpgrades = apiUpgrades;
  fs.writeFileSync(path.join(outDir, 'corpus.json'), JSON.stringify(corpus, null, 2) + '\n');
  fs.writeFileSync(path.join(outDir, 'stamp.json'), JSON.stringify(stamp, null, 2) + '\n');
  rmrf(workDir);

  log(`${images.length} images, ${uniq.size} distinct layers; layer tars ${mb(uncompressed)} MB `
    + `(distinct ${mb(uniqSize)} MB, gzip ${mb(uniqGz)} MB); docker archives ${mb(corpus.totals.dockerArchiveBytes)} MB; `
    + `downloads ${mb(corpus.totals.downloadBytes)} MB`);
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s; corpus.json written to ${outDir}`);
  process.stdout.write(`${outDir}\n`);
}

main().catch((err) => {
  log(`error: ${process.env.CAIRN_DEBUG && err && err.stack ? err.stack : (err && err.message) || err}`);
  process.exit(1);
});
