// Installing a package-lock style tree (the api-app's node_modules): every
// distinct package is unpacked once per build into a package cache, and each
// tree hard-links its files from there (GNU tar's --hard-dereference in
// createTar stores them as plain files, so the layer bytes are the same as
// with a fresh unpack per tree).

import fs from 'node:fs';
import path from 'node:path';
import { extractNpmTarball } from './tar.mjs';
import { sha256, splitSpec } from './util.mjs';

// The package's `bin` entries as [[cmd, relPath]], npm's way (a string bin is
// named after the package).
function binsOf(dir, name) {
  const pj = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  let bin = pj.bin;
  if (typeof bin === 'string') bin = { [name.split('/').pop()]: bin };
  return Object.entries(bin || {});
}

export class PackageCache {
  constructor(dir, tgzOf) {
    this.dir = dir;
    this.tgzOf = tgzOf;
    this.unpacked = new Map();
  }

  // The unpacked package (bin files made executable, as npm does).
  get(spec) {
    let dir = this.unpacked.get(spec);
    if (dir) return dir;
    dir = path.join(this.dir, sha256(spec).slice(0, 24));
    fs.rmSync(dir, { recursive: true, force: true });
    extractNpmTarball(this.tgzOf(spec), dir);
    for (const [, rel] of binsOf(dir, splitSpec(spec).name)) fs.chmodSync(path.join(dir, rel), 0o755);
    this.unpacked.set(spec, dir);
    return dir;
  }
}

function linkTree(src, dest) {
  fs.mkdirSync(dest, { recursive: true });
  for (const ent of fs.readdirSync(src, { withFileTypes: true })) {
    const s = path.join(src, ent.name);
    const d = path.join(dest, ent.name);
    if (ent.isDirectory()) linkTree(s, d);
    else if (ent.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(s), d);
    else fs.linkSync(s, d);
  }
}

// Each [installPath, spec] goes to <stage>/opt/app/node_modules/<installPath>
// (nested paths for the versions npm could not hoist), and, like npm, each
// package's `bin` entries are linked from the .bin folder of the node_modules
// it sits in.
export function installTree(stage, entries, cache) {
  const nm = path.join(stage, 'opt', 'app', 'node_modules');
  const bins = new Map(); // .bin folder -> [[cmd, target]]
  for (const [installPath, spec] of entries) {
    const { name } = splitSpec(spec);
    const dest = path.join(nm, ...installPath.split('/'));
    const src = cache.get(spec);
    linkTree(src, dest);
    const binDir = path.join(dest, ...name.split('/').map(() => '..'), '.bin');
    for (const [cmd, rel] of binsOf(src, name)) {
      if (!bins.has(binDir)) bins.set(binDir, []);
      bins.get(binDir).push([cmd, path.posix.join('..', name, path.posix.normalize(rel))]);
    }
  }
  for (const [binDir, links] of bins) {
    fs.mkdirSync(binDir, { recursive: true });
    for (const [cmd, target] of links) {
      if (fs.existsSync(path.join(binDir, cmd))) throw new Error(`two packages link ${binDir}/${cmd}`);
      fs.symlinkSync(target, path.join(binDir, cmd));
    }
  }
}
