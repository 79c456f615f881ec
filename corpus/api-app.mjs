// api-app: its releases expanded from the pinned tree and bumps in
// api-app-recipe.mjs, and its app layer (the sources in corpus/api-app/ plus a
// package.json, VERSION and CHANGELOG.md generated per release).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_DIRECT, API_RELEASES, API_RUNTIME, API_TREE } from './api-app-recipe.mjs';

const SOURCE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'api-app');

// The package name of an install path: what follows its last node_modules/.
export function nameOfPath(installPath) {
  const i = installPath.lastIndexOf('node_modules/');
  return i < 0 ? installPath : installPath.slice(i + 'node_modules/'.length);
}

// Every release with its full tree: [installPath, spec] sorted by path, the
// specs its bump introduced, and the runtime.
export function apiReleases() {
  const tree = new Map(Object.entries(API_TREE));
  return API_RELEASES.map(({ version, bump }) => {
    for (const [p, entry] of Object.entries(bump)) {
      if (!tree.has(p)) throw new Error(`api-app ${version}: bump of ${p}, which is not in the tree`);
      tree.set(p, entry);
    }
    const specOf = (p, v) => `${nameOfPath(p)}@${v}`;
    return {
      version,
      runtime: API_RUNTIME.spec,
      tree: [...tree.keys()].sort().map((p) => [p, specOf(p, tree.get(p)[0])]),
      bumped: Object.entries(bump).map(([p, [v]]) => specOf(p, v)),
    };
  });
}

// spec -> integrity for the runtime and every tree version of every release.
export function apiIntegrities() {
  const out = { [API_RUNTIME.spec]: API_RUNTIME.integrity };
  for (const table of [API_TREE, ...API_RELEASES.map((r) => r.bump)]) {
    for (const [p, [v, integrity]] of Object.entries(table)) out[`${nameOfPath(p)}@${v}`] = integrity;
  }
  return out;
}

// The source files of the app, relative path -> text, sorted.
export function apiSources() {
  const out = {};
  const walk = (rel) => {
    for (const name of fs.readdirSync(path.join(SOURCE_DIR, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (fs.statSync(path.join(SOURCE_DIR, r)).isDirectory()) walk(r);
      else out[r] = fs.readFileSync(path.join(SOURCE_DIR, r), 'utf8');
    }
  };
  walk('');
  return out;
}

// The app layer of one release: the sources, package.json naming the direct
// dependencies at this release's versions, VERSION and a CHANGELOG.md listing
// the bumps of every release so far.
export function apiAppLayerFiles(releases, release) {
  const versions = new Map(release.tree.map(([p, spec]) => [p, spec.slice(nameOfPath(p).length + 1)]));
  const pkg = {
    name: 'api-app',
    version: release.version,
    private: true,
    description: 'cairn demo corpus: a small order service (express, pino, winston, joi, axios, ...)',
    main: 'server.js',
    scripts: { start: 'node server.js', check: 'node server.js --check' },
    engines: { node: '>=20' },
    dependencies: Object.fromEntries(API_DIRECT.map((name) => [name, versions.get(name)])),
  };
  const log = ['# api-app changelog', ''];
  for (const r of releases.slice(0, releases.indexOf(release) + 1).reverse()) {
    log.push(`## ${r.version}`, '', ...(r.bumped.length ? r.bumped.map((s) => `- bump ${s}`) : ['- first release']), '');
  }
  return {
    ...apiSources(),
    'package.json': JSON.stringify(pkg, null, 2) + '\n',
    'VERSION': `${release.version}\n`,
    'CHANGELOG.md': log.join('\n'),
  };
}
