// Checks of the api-app beyond digests: each release's deps layer holds
// exactly its pinned tree (every package at its install path, at its version,
// nothing else), consecutive deps layers differ only inside the bumped
// packages, and the last release really runs (its own node, its own
// node_modules) on linux-x64 hosts. Also measures, per upgrade, the deps layer
// against the bytes that really changed in it.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { apiReleases } from './api-app.mjs';
import { runTar } from './tar.mjs';
import { log, rmrf, sha256 } from './util.mjs';

const NM = path.join('opt', 'app', 'node_modules');

function extract(tars, dir) {
  rmrf(dir);
  fs.mkdirSync(dir, { recursive: true });
  for (const tar of tars) runTar(['-xf', tar, '-C', dir]);
}

// Install path -> package.json of every package under a node_modules folder,
// nested node_modules included.
function installedPackages(nmDir, prefix = '', out = new Map()) {
  if (!fs.existsSync(nmDir)) return out;
  for (const name of fs.readdirSync(nmDir).sort()) {
    if (name === '.bin') continue;
    const dirs = name.startsWith('@') ? fs.readdirSync(path.join(nmDir, name)).sort().map((n) => `${name}/${n}`) : [name];
    for (const d of dirs) {
      const pj = JSON.parse(fs.readFileSync(path.join(nmDir, d, 'package.json'), 'utf8'));
      out.set(prefix + d, pj);
      installedPackages(path.join(nmDir, d, 'node_modules'), `${prefix}${d}/node_modules/`, out);
    }
  }
  return out;
}

function checkTree(img, release, root) {
  const installed = installedPackages(path.join(root, NM));
  const want = new Map(release.tree);
  for (const [p, spec] of want) {
    const pj = installed.get(p);
    if (!pj) throw new Error(`${img.name}: deps layer lacks node_modules/${p}`);
    if (`${pj.name}@${pj.version}` !== spec) throw new Error(`${img.name}: node_modules/${p} is ${pj.name}@${pj.version}, not ${spec}`);
  }
  const extra = [...installed.keys()].filter((p) => !want.has(p));
  if (extra.length) throw new Error(`${img.name}: deps layer has unpinned packages ${extra.join(', ')}`);
}

// Relative path -> { hash, size } of every regular file (symlinks as their target).
function fileMap(dir, rel = '', out = new Map()) {
  for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const st = fs.lstatSync(path.join(dir, r));
    if (st.isDirectory()) fileMap(dir, r, out);
    else if (st.isSymbolicLink()) out.set(r, { hash: `-> ${fs.readlinkSync(path.join(dir, r))}`, size: 0, gz: 0 });
    else {
      const buf = fs.readFileSync(path.join(dir, r));
      out.set(r, { hash: sha256(buf), size: buf.length, buf });
    }
  }
  return out;
}

// The files of `to` that are new or changed since `from`, and the files gone.
function changes(from, to) {
  const changed = [...to].filter(([p, f]) => from.get(p)?.hash !== f.hash);
  const removed = [...from.keys()].filter((p) => !to.has(p));
  return { changed, removed };
}

function runCheck(img, root) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    log(`${img.name}: not running its server check (needs a linux-x64 host, this is ${process.platform}-${process.arch})`);
    return;
  }
  const node = path.join(root, 'usr', 'local', 'bin', 'node');
  const r = spawnSync(node, ['server.js', '--check'], { cwd: path.join(root, 'opt', 'app'), encoding: 'utf8', timeout: 120000 });
  const out = (r.stdout || '').trim();
  let ok = false;
  try {
    ok = r.status === 0 && JSON.parse(out).health.version === img.version;
  } catch { /* reported below */ }
  if (!ok) throw new Error(`${img.name}: server.js --check failed (${r.status}): ${out} ${String(r.stderr || r.error || '').trim()}`);
  log(`${img.name}: server.js --check with the image's own node and node_modules: ${out}`);
}

// Returns one entry per upgrade: the deps layer's sizes beside the files that changed.
export function verifyApiApp(ctx, corpus) {
  const images = corpus.images.filter((i) => i.app === 'api-app');
  if (!images.length) return [];
  const releases = new Map(apiReleases().map((r) => [r.version, r]));
  const base = path.join(ctx.workDir, 'api-app-verify');
  const upgrades = [];
  let prev = null;
  for (const img of images) {
    const release = releases.get(img.version);
    if (!release) throw new Error(`${img.name}: not a release of the recipe`);
    const roles = img.layers.map((l) => l.role).join(',');
    if (roles !== 'runtime,deps,app') throw new Error(`${img.name}: layers ${roles}, expected runtime,deps,app`);
    const deps = img.layers[1];
    const root = path.join(base, img.version);
    extract([deps.tar], root);
    checkTree(img, release, root);
    const files = fileMap(path.join(root, NM));
    if (prev) {
      const { changed, removed } = changes(prev.files, files);
      const bumpedDirs = release.tree.filter(([, spec]) => release.bumped.includes(spec)).map(([p]) => `${p}/`);
      const outside = [...changed.map(([p]) => p), ...removed].filter((p) => !bumpedDirs.some((d) => p.startsWith(d)));
      if (outside.length) throw new Error(`${img.name}: deps layer changed outside the bumped packages: ${outside.slice(0, 5).join(', ')}`);
      const bytes = changed.reduce((s, [, f]) => s + f.size, 0);
      const gzip = changed.reduce((s, [, f]) => s + (f.buf ? zlib.gzipSync(f.buf, { level: 6 }).length : 0), 0);
      upgrades.push({ from: prev.img.version, to: img.version, bumped: release.bumped, depsTar: deps.size,
        depsGzip: deps.compressedSize, changedFiles: changed.length, removedFiles: removed.length,
        changedBytes: bytes, changedGzipAlone: gzip });
      rmrf(prev.root);
    }
    prev = { img, root, files };
  }
  const last = prev.img;
  const runRoot = path.join(base, 'run');
  extract(last.layers.map((l) => l.tar), runRoot);
  runCheck(last, runRoot);
  rmrf(base);
  for (const u of upgrades) {
    log(`api-app ${u.from} -> ${u.to} (${u.bumped.join(', ')}): deps layer ${u.depsTar} B tar / ${u.depsGzip} B gzip; `
      + `changed ${u.changedFiles} files (${u.changedBytes} B, ${u.changedGzipAlone} B gzipped one by one), ${u.removedFiles} removed`);
  }
  return upgrades;
}
