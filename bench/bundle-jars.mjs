// The seeds' jar case: a dependencies layer of JARS jars (Python zipfile, system zlib, like
// `jar` and java.util.zip), of which one bumps one class (a few bytes replaced and inserted).
// One run: the bundle v1 -> v2 with zip-aware deltas and without (plain binary deltas only),
// bytes and creation time, apply time of the zip-aware bundle, and as peers the changed jar's
// `bsdiff` and the layer tar's `zstd -19 --long=27 --patch-from` and `xdelta3 -e -9`.
//   node bench/bundle-jars.mjs            (CAIRN_BENCH_JARS=50, CAIRN_BENCH_JAR_KB=400: mean jar size)
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { applyBundle, ingest, openStore, readLayer, writeBundle } from '../dist/index.js';
import { machine, printTable } from './lib.mjs';
import { have } from './peers.mjs';

const JARS = Number(process.env.CAIRN_BENCH_JARS ?? 50);
const JAR_KB = Number(process.env.CAIRN_BENCH_JAR_KB ?? 400);

// Class-like entries (a magic, constant-pool-like records of a vocabulary, some random bytes), 1-12 KB each.
const MAKE_JARS = `
import os, random, sys, zipfile
out, count, kb, bump = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == '1'
words = [b'java/lang/Object', b'java/lang/String', b'<init>', b'()V', b'Code', b'LineNumberTable', b'StackMapTable',
         b'this', b'value', b'get', b'set', b'Ljava/util/List;', b'SourceFile', b'org/example/', b'hashCode', b'equals']
def clazz(r, size):
    b = bytearray(b'\\xca\\xfe\\xba\\xbe\\x00\\x00\\x00\\x37')
    while len(b) < size:
        w = r.choice(words) + (str(r.randrange(1000)).encode() if r.random() < 0.2 else b'')
        b += bytes([1, 0, len(w)]) + w
        if r.random() < 0.25: b += r.randbytes(3)
    return bytes(b[:size])
os.makedirs(out, exist_ok=True)
for j in range(count):
    r = random.Random(j)
    target = r.randrange(kb * 512, kb * 1536)
    name = 'lib%02d-1.%d.jar' % (j, r.randrange(10))
    with zipfile.ZipFile(os.path.join(out, name), 'w') as z:
        z.writestr(zipfile.ZipInfo('META-INF/MANIFEST.MF', (2024, 1, 1, 0, 0, 0)), b'Manifest-Version: 1.0\\r\\n\\r\\n', zipfile.ZIP_DEFLATED)
        i, written = 0, 0
        while written < target * 3:
            data = clazz(r, r.randrange(1000, 12000))
            if bump and j == count // 2 and i == 7: data = data[:300] + b'patched-1.2.4' + data[310:700] + bytes([1, 0, 7]) + b'CVE-fix' + data[700:]
            z.writestr(zipfile.ZipInfo('org/example/lib%02d/C%04d.class' % (j, i), (2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
            written += len(data); i += 1
`;

const mb = (n) => (n / 1e6).toFixed(2);
const kb = (n) => (n / 1024).toFixed(1);
const seconds = (start) => (performance.now() - start) / 1000;

async function toFile(path, source) {
  await pipeline(Readable.from(source), createWriteStream(path));
  return statSync(path).size;
}

function peer(cmd, args) {
  const start = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd}: ${r.stderr}`);
  return seconds(start);
}

const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-jars-'));
try {
  execFileSync('python3', ['-c', MAKE_JARS, join(dir, 'v1/usr/share/java'), String(JARS), String(JAR_KB), '0']);
  execFileSync('python3', ['-c', MAKE_JARS, join(dir, 'v2/usr/share/java'), String(JARS), String(JAR_KB), '1']);
  const changed = execFileSync('sh', ['-c', `cd '${dir}' && for f in v1/usr/share/java/*; do cmp -s "$f" "v2/\${f#v1/}" || echo "\${f#v1/}"; done`]).toString().trim();
  const sender = await openStore(join(dir, 'sender'));
  const receiver = await openStore(join(dir, 'receiver'));
  try {
    await ingest(sender, [join(dir, 'v1')], { name: 'deps:1' });
    await ingest(sender, [join(dir, 'v2')], { name: 'deps:2' });
    await ingest(receiver, [join(dir, 'v1')], { name: 'deps:1' });
    const layerOf = async (name) => (await sender.getImage(await sender.resolveImage(name))).layers[0].diffId;
    const tars = [join(dir, 'v1.tar'), join(dir, 'v2.tar')];
    const layerBytes = await toFile(tars[0], readLayer(sender, await layerOf('deps:1')));
    await toFile(tars[1], readLayer(sender, await layerOf('deps:2')));
    const rows = [];
    let zipBundle;
    for (const zipDeltas of [true, false]) {
      const path = join(dir, `bundle-${zipDeltas}.tar`);
      const start = performance.now();
      const report = await writeBundle(sender, ['deps:2'], { from: ['deps:1'], zipDeltas }, createWriteStream(path));
      const file = report.files.find((f) => f.path.endsWith(changed));
      rows.push([zipDeltas ? 'cairn bundle, zip-aware' : 'cairn bundle, plain deltas', report.bytes, kb(report.bytes), `${kb(report.deltaBytes)} / ${kb(report.chunkBytes)} / ${kb(report.metadataBytes)}`, `${file.via} ${file.bytes} B`, seconds(start).toFixed(2)]);
      if (zipDeltas) zipBundle = path;
    }
    const applyStart = performance.now();
    const applied = await applyBundle(receiver, createReadStream(zipBundle));
    const applySeconds = seconds(applyStart);
    if (!(await receiver.verify()).ok || applied.layers.length !== 1) throw new Error('apply did not rebuild the layer');
    const jar1 = join(dir, 'v1', changed.replace(/^v2\//, ''));
    const jar2 = join(dir, 'v2', changed.replace(/^v2\//, ''));
    if (have('bsdiff')) {
      const t = peer('bsdiff', [jar1, jar2, join(dir, 'jar.bsdiff')]);
      rows.push(['bsdiff of the changed jar', statSync(join(dir, 'jar.bsdiff')).size, kb(statSync(join(dir, 'jar.bsdiff')).size), '', '', t.toFixed(2)]);
    }
    if (have('zstd')) {
      const t = peer('zstd', ['-q', '-f', '-19', '--long=27', `--patch-from=${tars[0]}`, tars[1], '-o', join(dir, 'layer.zst')]);
      rows.push(['zstd -19 --long=27 --patch-from (layer tar)', statSync(join(dir, 'layer.zst')).size, kb(statSync(join(dir, 'layer.zst')).size), '', '', t.toFixed(2)]);
    }
    if (have('xdelta3')) {
      const t = peer('xdelta3', ['-e', '-9', '-f', '-s', tars[0], tars[1], join(dir, 'layer.xd3')]);
      rows.push(['xdelta3 -e -9 (layer tar)', statSync(join(dir, 'layer.xd3')).size, kb(statSync(join(dir, 'layer.xd3')).size), '', '', t.toFixed(2)]);
    }
    console.log(`# zip-aware bundle deltas — ${machine()} — ${JARS} jars, layer ${mb(layerBytes)} MB, changed: ${changed} (${kb(statSync(jar2).size)} KiB)`);
    printTable(['what', 'bytes', 'KiB', 'KiB deltas / chunks / metadata', 'changed jar', 'seconds'], rows);
    console.log(`\napply of the zip-aware bundle: ${applySeconds.toFixed(2)} s (${mb(layerBytes / applySeconds)} MB/s of layer)`);
  } finally {
    await sender.close();
    await receiver.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
