// One way to name things on every command and in the library: an IMAGE is a name (docker's
// normalised forms included), a manifest digest or a unique prefix; a DIFFID is a digest or a
// unique prefix; `--name` with a self-naming input applies or is refused; names follow the
// reference grammar.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportOciLayout, openStore, readLayer } from 'cairn';
import { cairn, layerTar, tmp, writeLayerTar } from '../support/cli.js';
import { makeDockerArchive, makeTar, sha256, writeOciLayout } from '../support/report-fixtures.js';

function ok(r: { status: number | null; stderr: string }, what: string): void {
  assert.equal(r.status, 0, `${what}: ${r.stderr}`);
}

function refused(r: { status: number | null; stderr: string; stdout: string }, pattern: RegExp, what: string): void {
  assert.equal(r.status, 2, `${what}: exit ${r.status}, ${r.stderr}`);
  assert.match(r.stderr, pattern, what);
  assert.equal(r.stderr.trim().split('\n').length, 1, `${what}: one line: ${r.stderr}`);
}

function names(store: string): Record<string, string[]> {
  const listed = JSON.parse(cairn(store, ['--json', 'ls']).stdout) as { images: { manifest: string; names: string[] }[] };
  return Object.fromEntries(listed.images.map((i) => [i.manifest, i.names]));
}

test('a docker-archive name is found in docker\'s short form too, by every command', () => {
  const dir = tmp('naming-docker');
  const store = join(dir, 's');
  const archive = join(dir, 'save.tar');
  writeFileSync(archive, makeDockerArchive([{ repoTag: 'docker.io/library/t:latest', layers: [layerTar('docker-t')] }]));
  const ingest = cairn(store, ['--json', 'ingest', archive]);
  ok(ingest, 'ingest');
  const manifest = JSON.parse(ingest.stdout).images[0].manifest as string;
  for (const ref of ['t:latest', 't', 'library/t', 'docker.io/library/t:latest', manifest, manifest.slice(7, 7 + 8)]) {
    const out = join(dir, `rootfs-${createHash('md5').update(ref).digest('hex')}.tar`);
    ok(cairn(store, ['export', 'rootfs', ref, '--tar', out]), `export rootfs ${ref}`);
    assert.ok(existsSync(out));
  }
  ok(cairn(store, ['export', 'oci', 't:latest', join(dir, 'layout')]), 'export oci t:latest');
  ok(cairn(store, ['--json', 'report', 't', '--no-gzip', '--modes', 'aligned']), 'report t');
  const rm = cairn(store, ['--json', 'rm', 't:latest']);
  ok(rm, 'rm t:latest');
  assert.deepEqual(JSON.parse(rm.stdout).removed, ['docker.io/library/t:latest']);
  assert.deepEqual(names(store)[manifest], []);
});

test('DIFFID prefixes for export layer; IMAGE digests for rm; the library takes names and prefixes', async () => {
  const dir = tmp('naming-prefix');
  const store = join(dir, 's');
  const tar = writeLayerTar(dir, 'one.tar', 'prefix-one');
  const ingest = cairn(store, ['--json', 'ingest', tar, '--name', 'app:v1']);
  ok(ingest, 'ingest');
  const { manifest } = JSON.parse(ingest.stdout).images[0];
  const diffId = sha256(readFileSync(tar));
  const out = join(dir, 'layer.tar');
  ok(cairn(store, ['export', 'layer', diffId.slice(7, 7 + 10), '-o', out]), 'export layer by prefix');
  assert.equal(sha256(readFileSync(out)), diffId);
  ok(cairn(store, ['export', 'layer', `sha256:${diffId.slice(7, 7 + 6)}`, '-o', out]), 'export layer by sha256: prefix');
  refused(cairn(store, ['export', 'layer', diffId.slice(7, 10), '-o', out]), /too short/, 'a 3-digit prefix');
  refused(cairn(store, ['export', 'layer', 'ffff0000', '-o', out]), /no layer ffff0000/, 'an unknown prefix');

  const handle = await openStore(store);
  try {
    const layout = join(dir, 'lib-layout');
    const result = await exportOciLayout(handle, 'app:v1', layout);
    assert.equal(result.layers[0]!.diffId, diffId);
    const chunks: Buffer[] = [];
    for await (const piece of readLayer(handle, diffId.slice(7, 7 + 12))) chunks.push(Buffer.from(piece));
    assert.equal(sha256(Buffer.concat(chunks)), diffId);
  } finally {
    await handle.close();
  }

  // rm by digest prefix removes every name of that image.
  ok(cairn(store, ['ingest', tar, '--name', 'app:latest']), 'second name');
  assert.deepEqual(names(store)[manifest]!.sort(), ['app:latest', 'app:v1']);
  const rm = cairn(store, ['--json', 'rm', manifest.slice(7, 7 + 12)]);
  ok(rm, 'rm by digest');
  assert.deepEqual(JSON.parse(rm.stdout).removed.sort(), ['app:latest', 'app:v1']);
  assert.deepEqual(names(store)[manifest], []);
});

test('ambiguous names and prefixes: exit 2 naming the candidates', () => {
  const dir = tmp('naming-ambiguous');
  const store = join(dir, 's');
  // Two layers whose DiffIDs share their first 4 hex digits (found by trying seeds).
  const seen = new Map<string, string>();
  let pair: [string, string] | undefined;
  for (let i = 0; !pair; i++) {
    const prefix = sha256(makeTar([{ name: 'f', data: Buffer.from(`seed ${i}`) }])).slice(7, 11);
    const other = seen.get(prefix);
    if (other !== undefined) pair = [other, `seed ${i}`];
    else seen.set(prefix, `seed ${i}`);
  }
  const tars = pair.map((text, i) => {
    const path = join(dir, `amb${i}.tar`);
    writeFileSync(path, makeTar([{ name: 'f', data: Buffer.from(text) }]));
    return path;
  });
  ok(cairn(store, ['ingest', ...tars]), 'ingest both');
  const [a, b] = tars.map((t) => sha256(readFileSync(t)));
  const r = cairn(store, ['export', 'layer', a!.slice(7, 11), '-o', join(dir, 'x.tar')]);
  refused(r, /ambiguous layer digest prefix/, 'export layer');
  assert.ok(r.stderr.includes(a!.slice(0, 7 + 16)) && r.stderr.includes(b!.slice(0, 7 + 16)), r.stderr);

  // A docker name and a short name of two different images: the short form names both.
  const archive = join(dir, 'save.tar');
  writeFileSync(archive, makeDockerArchive([{ repoTag: 'docker.io/library/t:latest', layers: [layerTar('amb-t')] }]));
  ok(cairn(store, ['ingest', archive]), 'ingest archive');
  ok(cairn(store, ['ingest', tars[0]!, '--name', 't:latest']), 'ingest t:latest');
  const exact = cairn(store, ['--json', 'export', 'rootfs', 't:latest', '--tar', join(dir, 'exact.tar')]);
  ok(exact, 'the exact name wins');
  const both = cairn(store, ['export', 'rootfs', 'library/t', '--tar', join(dir, 'amb.tar')]);
  refused(both, /ambiguous image name library\/t: it matches .*docker\.io\/library\/t:latest/, 'library/t');
  assert.match(both.stderr, /\bt:latest\b.*\bt:latest\b/);
});

test('--name with inputs that name their own images applies, or is refused; never ignored', () => {
  const dir = tmp('naming-given');
  const store = join(dir, 's');
  const archive = join(dir, 'save.tar');
  writeFileSync(archive, makeDockerArchive([{ repoTag: 'docker.io/library/t:latest', layers: [layerTar('given-t')] }]));
  const one = cairn(store, ['--json', 'ingest', archive, '--name', 'app:v9']);
  ok(one, 'docker-archive --name app:v9');
  const manifest = JSON.parse(one.stdout).images[0].manifest as string;
  assert.deepEqual(names(store)[manifest]!.sort(), ['app:v9', 'docker.io/library/t:latest']);
  const repoOnly = cairn(store, ['--json', 'ingest', archive, '--name', 'other']);
  ok(repoOnly, 'docker-archive --name other');
  assert.ok(names(store)[manifest]!.includes('other'), 'a repository no image took names the image');

  const layout = join(dir, 'app');
  mkdirSync(layout);
  writeOciLayout(layout, [{ tag: 'v1', layers: [layerTar('given-1')] }, { tag: 'v2', layers: [layerTar('given-2')] }]);
  const repo = cairn(store, ['--json', 'ingest', layout, '--name', 'web']);
  ok(repo, 'layout --name web');
  assert.deepEqual(JSON.parse(repo.stdout).images.map((i: { name: string }) => i.name).sort(), ['web:v1', 'web:v2']);
  refused(cairn(store, ['ingest', layout, '--name', 'web:v3']), /--name web:v3: .* holds 2 images/, 'a tag for two images');
  assert.ok(!Object.values(names(store)).flat().includes('web:v3'), 'nothing named after a refusal');
});

test('names are checked against the reference grammar', () => {
  const dir = tmp('naming-grammar');
  const store = join(dir, 's');
  const tar = writeLayerTar(dir, 'g.tar', 'grammar');
  for (const bad of ['BAD NAME', 'a:b:c', 'App:v1', 'app@sha256:' + 'f'.repeat(64), 'app:-v1']) {
    refused(cairn(store, ['ingest', tar, '--name', bad]), /invalid image name/, bad);
  }
  ok(cairn(store, ['ingest', tar, '--name', 'registry.example.com:5000/team/app:1.0-rc1']), 'a full reference');
  // A layout in a directory whose name is no repository: its bare tags get a repaired repository, with a warning.
  const layout = join(dir, 'My Layout');
  mkdirSync(layout);
  writeOciLayout(layout, [{ tag: 'v1', layers: [layerTar('grammar-layout')] }]);
  const r = cairn(store, ['--json', 'ingest', layout]);
  ok(r, 'layout with a space in its name');
  assert.equal(JSON.parse(r.stdout).images[0].name, 'my-layout:v1');
  assert.match(r.stderr, /not a valid reference; stored as my-layout:v1/);
});
