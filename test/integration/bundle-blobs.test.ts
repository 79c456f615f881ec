// A bundle carries how its shipped layers' blobs are rebuilt byte for byte (docs/bundle.md,
// "Blob rebuilds"): the receiver keeps each, unconfirmed, and export rebuilds the blobs from
// them, checked, so that the applied image exports (and pushes) under the producer's own
// manifest digest, every blob compared with the producer's files. Applied with --no-blob-descriptions,
// the same image exports with a new manifest. Layers gzipped by Python's gzip module (the
// system zlib) and by Go's compress/gzip (when the Go toolchain is installed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cairn, tmp } from '../support/cli.js';
import { assertProducerLayers, goMissing, makeLayout, type Producer } from '../support/gzip-layouts.js';

function ok(r: { status: number | null; stderr: string }, what: string): void {
  assert.equal(r.status, 0, `${what}: ${r.stderr}`);
}

interface ApplyJson { layers: { diffId: string; blob?: { reproduced: boolean | string; reason?: string } }[] }
interface ExportJson { manifest: string; original: boolean; layers: { digest: string; reproduced: boolean }[] }

for (const producer of ['python-6', 'go-6'] as Producer[]) {
  const skip = producer.startsWith('go-') ? goMissing() : false;
  test(`${producer}: an applied bundle keeps the target's original blobs and manifest digest`, { timeout: 300_000, skip }, () => {
    const dir = tmp(`bundle-blobs-${producer}`);
    const v1 = makeLayout(join(dir, 'v1'), producer, [`${producer}-base`, `${producer}-one`], 'v1');
    const v2 = makeLayout(join(dir, 'v2'), producer, [`${producer}-base`, `${producer}-two`], 'v2');
    assert.equal(v1.layers[0]!.digest, v2.layers[0]!.digest, 'the two versions share their base layer blob');
    const sender = join(dir, 'sender');
    ok(cairn(sender, ['ingest', v1.dir, '--name', 'app']), 'ingest v1');
    ok(cairn(sender, ['ingest', v2.dir, '--name', 'app']), 'ingest v2');
    const bundle = join(dir, 'v2.bundle');
    ok(cairn(sender, ['bundle', 'app:v2', '--from', 'app:v1', '-o', bundle]), 'bundle');

    const receiver = join(dir, 'receiver');
    ok(cairn(receiver, ['ingest', v1.dir, '--name', 'app']), 'receiver ingests v1');
    const apply = cairn(receiver, ['--json', 'apply', bundle]);
    ok(apply, 'apply');
    const applied = JSON.parse(apply.stdout) as ApplyJson;
    assert.deepEqual(applied.layers.map((l) => [l.diffId, l.blob?.reproduced]), [[v2.layers[1]!.diffId, 'unconfirmed']]);
    const out = join(dir, 'out');
    const exported = cairn(receiver, ['--json', 'export', 'oci', 'app:v2', out]);
    ok(exported, 'export oci');
    const json = JSON.parse(exported.stdout) as ExportJson;
    assert.equal(json.manifest, v2.manifest, 'the producer\'s manifest digest');
    assert.equal(json.original, true);
    assertProducerLayers(out, v2);
    ok(cairn(receiver, ['verify']), 'verify');

    const bare = join(dir, 'bare');
    ok(cairn(bare, ['ingest', v1.dir, '--name', 'app']), 'bare ingests v1');
    const quick = cairn(bare, ['--json', 'apply', bundle, '--no-blob-descriptions']);
    ok(quick, 'apply --no-blob-descriptions');
    assert.deepEqual((JSON.parse(quick.stdout) as ApplyJson).layers.map((l) => l.blob), [undefined]);
    const again = cairn(bare, ['--json', 'export', 'oci', 'app:v2', join(dir, 'out-bare')]);
    ok(again, 'export oci from bare');
    const bareJson = JSON.parse(again.stdout) as ExportJson;
    assert.equal(bareJson.original, false);
    assert.notEqual(bareJson.manifest, v2.manifest);
    assert.deepEqual(bareJson.layers.map((l) => l.reproduced), [true, false], 'the base layer, ingested from the producer\'s blob, is still its own');
  });
}
