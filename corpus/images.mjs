// Images: an OCI image layout and plain layer tars per release, and the
// `docker save` form for the apps that ask for it.

import fs from 'node:fs';
import path from 'node:path';
import { BASES, CREATED, MT } from './recipe.mjs';
import { apiAppLayerFiles } from './api-app.mjs';
import { appLayerFiles } from './layers.mjs';
import { createTar } from './tar.mjs';
import { copyFile, linkOrCopy, rmrf, sha256, writeJson } from './util.mjs';

// The packages a layer recipe unpacks (corpus.json lists them per layer).
function packagesOf(recipe) {
  if (recipe.kind === 'packages') return recipe.specs;
  if (recipe.kind === 'tree') return recipe.entries.map(([, spec]) => spec);
  if (recipe.kind === 'runtime') return [recipe.spec];
  return [];
}

// The run configuration: the classic apps run their tool with --version, the
// api-app (release.tree) starts its server.
function runConfig(app, release) {
  const tree = Boolean(release.tree);
  return {
    Env: ['PATH=/opt/app/node_modules/.bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'NODE_ENV=production'],
    Entrypoint: app.entrypoint,
    Cmd: tree ? [] : ['--version'],
    WorkingDir: '/opt/app',
    ...(tree ? { ExposedPorts: { '8080/tcp': {} } } : {}),
    Labels: {
      'org.opencontainers.image.title': app.app,
      'org.opencontainers.image.version': release.version,
      'org.opencontainers.image.base.name': tree ? `cairn-corpus-runtime:${release.runtime}` : `cairn-corpus-base:${release.base}`,
    },
  };
}

function imageConfig(app, release, layers) {
  return {
    created: CREATED,
    architecture: 'amd64',
    os: 'linux',
    config: runConfig(app, release),
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history: layers.map((l) => ({ created: CREATED, created_by: l.createdBy, comment: 'cairn corpus' })),
  };
}

// What each layer is made of, and the history line that says so.
function layerParts(app, release) {
  if (release.tree) {
    return [
      { role: 'runtime', recipe: { kind: 'runtime', spec: release.runtime, prefix: app.runtimePrefix },
        createdBy: `COPY ${release.runtime} /${app.runtimePrefix}/` },
      { role: 'deps', recipe: { kind: 'tree', entries: release.tree },
        createdBy: `COPY node_modules (${release.tree.length} packages from package-lock.json) /opt/app/node_modules/` },
      { role: 'app', recipe: { kind: 'files', files: apiAppLayerFiles(app.releases, release) },
        createdBy: `COPY app ${app.app} ${release.version} /opt/app/` },
    ];
  }
  return [
    { role: 'base', recipe: { kind: 'packages', specs: BASES[release.base] },
      createdBy: `COPY base ${release.base} (${BASES[release.base].join(' ')}) /opt/app/node_modules/` },
    { role: 'deps', recipe: { kind: 'packages', specs: release.deps },
      createdBy: `COPY deps (${release.deps.join(' ')}) /opt/app/node_modules/` },
    { role: 'app', recipe: { kind: 'files', files: appLayerFiles(app, release) },
      createdBy: `COPY app ${app.app} ${release.version} /opt/app/` },
  ];
}

export function buildImage(ctx, app, release) {
  const name = `${app.app}:${release.version}`;
  const imgDir = path.join(ctx.outDir, 'images', app.app, release.version);
  const ociDir = path.join(imgDir, 'oci');
  const layersDir = path.join(imgDir, 'layers');
  const blobsDir = path.join(ociDir, 'blobs', 'sha256');
  fs.mkdirSync(blobsDir, { recursive: true });
  fs.mkdirSync(layersDir, { recursive: true });

  const parts = layerParts(app, release);
  const layers = parts.map((p, i) => {
    const built = ctx.layers.get(p.recipe);
    const tarPath = path.join(layersDir, `${i + 1}-${p.role}.tar`);
    linkOrCopy(built.tarFile, tarPath);
    linkOrCopy(built.gzFile, path.join(blobsDir, built.digest.slice(7)));
    return { ...built, role: p.role, tarPath, createdBy: p.createdBy,
      packages: packagesOf(p.recipe) };
  });

  const configBuf = Buffer.from(JSON.stringify(imageConfig(app, release, layers)));
  const configDigest = `sha256:${sha256(configBuf)}`;
  fs.writeFileSync(path.join(blobsDir, configDigest.slice(7)), configBuf);

  const manifest = {
    schemaVersion: 2,
    mediaType: MT.manifest,
    config: { mediaType: MT.config, digest: configDigest, size: configBuf.length },
    layers: layers.map((l) => ({ mediaType: MT.layerGzip, digest: l.digest, size: l.gzSize })),
    annotations: {
      'org.opencontainers.image.created': CREATED,
      'org.opencontainers.image.title': app.app,
      'org.opencontainers.image.version': release.version,
    },
  };
  const manifestBuf = Buffer.from(JSON.stringify(manifest));
  const manifestDigest = `sha256:${sha256(manifestBuf)}`;
  fs.writeFileSync(path.join(blobsDir, manifestDigest.slice(7)), manifestBuf);

  writeJson(path.join(ociDir, 'oci-layout'), { imageLayoutVersion: MT.ociLayout });
  writeJson(path.join(ociDir, 'index.json'), {
    schemaVersion: 2,
    mediaType: MT.index,
    manifests: [{
      mediaType: MT.manifest,
      digest: manifestDigest,
      size: manifestBuf.length,
      platform: { architecture: 'amd64', os: 'linux' },
      annotations: {
        'io.containerd.image.name': `cairn.local/${name}`,
        'org.opencontainers.image.ref.name': release.version,
      },
    }],
  });

  return {
    name,
    app: app.app,
    version: release.version,
    tag: release.version,
    base: release.base ?? release.runtime,
    ...(release.bumped ? { bumped: release.bumped } : {}),
    ociLayout: ociDir,
    layerTars: layers.map((l) => l.tarPath),
    diffIds: layers.map((l) => l.diffId),
    manifestDigest,
    configDigest,
    layers: layers.map((l) => ({
      role: l.role,
      tar: l.tarPath,
      diffId: l.diffId,
      size: l.size,
      digest: l.digest,
      compressedSize: l.gzSize,
      mediaType: MT.layerGzip,
      packages: l.packages,
    })),
    config: configBuf,
  };
}

// `docker save` (pre-OCI, "docker-archive") format: manifest.json,
// repositories, <config-hex>.json and one <layer-id>/ folder per layer holding
// VERSION, json and the uncompressed layer.tar.
export function buildDockerArchive(ctx, image) {
  const stage = path.join(ctx.workDir, 'docker-stage');
  rmrf(stage);
  fs.mkdirSync(stage, { recursive: true });
  const configHex = image.configDigest.slice(7);
  fs.writeFileSync(path.join(stage, `${configHex}.json`), image.config);
  const layerPaths = [];
  let parent = '';
  for (const [i, layer] of image.layers.entries()) {
    // v1-style layer id: a hash of the parent id and this layer's diff id.
    const id = sha256(`${parent}\n${layer.diffId}\n${i === image.layers.length - 1 ? configHex : ''}`);
    const dir = path.join(stage, id);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'VERSION'), '1.0');
    const v1 = { id };
    if (parent) v1.parent = parent;
    v1.created = CREATED;
    v1.os = 'linux';
    fs.writeFileSync(path.join(dir, 'json'), JSON.stringify(v1));
    copyFile(layer.tar, path.join(dir, 'layer.tar'));
    layerPaths.push(`${id}/layer.tar`);
    parent = id;
  }
  fs.writeFileSync(path.join(stage, 'manifest.json'),
    JSON.stringify([{ Config: `${configHex}.json`, RepoTags: [image.name], Layers: layerPaths }]));
  fs.writeFileSync(path.join(stage, 'repositories'),
    JSON.stringify({ [image.app]: { [image.tag]: parent } }));
  const outDir = path.join(ctx.outDir, 'docker-archives');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${image.app}_${image.version}.tar`);
  createTar(stage, file);
  rmrf(stage);
  return {
    name: image.name,
    app: image.app,
    version: image.version,
    path: file,
    size: fs.statSync(file).size,
    configDigest: image.configDigest,
    diffIds: image.diffIds,
  };
}
