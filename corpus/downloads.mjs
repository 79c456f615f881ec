// Downloads of the pinned npm tarballs, checked against their integrity, cached.

import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { PACKAGES } from './recipe.mjs';
import { log, mb, rmrf, splitSpec } from './util.mjs';

function registryBase() {
  const r = process.env.CAIRN_NPM_REGISTRY || process.env.npm_config_registry || 'https://registry.npmjs.org/';
  return r.endsWith('/') ? r : r + '/';
}

function tarballUrl(name, version) {
  const base = name.startsWith('@') ? name.split('/')[1] : name;
  return `${registryBase()}${name}/-/${base}-${version}.tgz`;
}

function downloadFileName(spec) {
  const { name, version } = splitSpec(spec);
  return `${name.replace(/^@/, '').replace('/', '__')}-${version}.tgz`;
}

function integrityOk(file, integrity) {
  const [algo, b64] = integrity.split('-', 2);
  const h = crypto.createHash(algo);
  h.update(fs.readFileSync(file));
  return h.digest('base64') === b64;
}

async function fetchToFile(url, file) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  const buf = Buffer.from(await res.arrayBuffer());
  fs.writeFileSync(file, buf);
  return buf.length;
}

// Fallback for machines where node's fetch cannot reach the registry directly
// (proxies, mirrors, auth): let npm itself fetch the tarball.
function npmPackToFile(spec, file) {
  const dir = fs.mkdtempSync(path.join(path.dirname(file), '.npm-pack-'));
  try {
    const r = spawnSync('npm', ['pack', spec, '--silent', '--pack-destination', dir],
      { encoding: 'utf8', shell: process.platform === 'win32' });
    if (r.status !== 0) throw new Error(`npm pack ${spec} failed: ${String(r.stderr || r.error || '').trim()}`);
    const produced = fs.readdirSync(dir).filter((f) => f.endsWith('.tgz'));
    if (produced.length !== 1) throw new Error(`npm pack ${spec} produced ${produced.join(', ') || 'nothing'}`);
    fs.renameSync(path.join(dir, produced[0]), file);
    return fs.statSync(file).size;
  } finally {
    rmrf(dir);
  }
}

let fetchUnusable = false;

export async function ensureDownloaded(spec, downloadsDir, stats) {
  const integrity = PACKAGES[spec];
  if (!integrity) throw new Error(`${spec} is not pinned in PACKAGES`);
  const file = path.join(downloadsDir, downloadFileName(spec));
  if (fs.existsSync(file)) {
    if (integrityOk(file, integrity)) {
      stats.cached += fs.statSync(file).size;
      return file;
    }
    log(`${spec}: cached tarball fails its integrity check, fetching again`);
    fs.rmSync(file);
  }
  const { name, version } = splitSpec(spec);
  const tmp = `${file}.part-${process.pid}`;
  const t0 = Date.now();
  let size = 0;
  let lastErr = null;
  for (let attempt = 1; attempt <= 3 && !size && !fetchUnusable; attempt++) {
    try {
      size = await fetchToFile(tarballUrl(name, version), tmp);
    } catch (err) {
      lastErr = err;
      rmrf(tmp);
      if (attempt < 3) await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }
  if (!size) {
    // After three failed attempts, stop trying fetch for the rest of the run.
    if (!fetchUnusable) log(`${spec}: fetch failed (${lastErr && lastErr.message}); using npm pack from now on`);
    fetchUnusable = true;
    size = npmPackToFile(spec, tmp);
  }
  if (!integrityOk(tmp, integrity)) {
    rmrf(tmp);
    throw new Error(`${spec}: downloaded tarball does not match pinned integrity ${integrity}`);
  }
  fs.renameSync(tmp, file);
  stats.fetched += size;
  const secs = Math.max((Date.now() - t0) / 1000, 0.001);
  log(`downloaded ${spec} (${mb(size)} MB, ${mb(size / secs)} MB/s)`);
  return file;
}
