// Registry benchmark on the demo corpus against a loopback docker-registry (distribution 2.8),
// every byte counted by a proxy in this process (requests, response bodies): for each
// consecutive upgrade (vN held, vN+1 pulled),
//   (a) `skopeo copy` into an OCI layout holding vN,
//   (b) `cairn pull` by chunks (a repository with chunk artifacts),
//   (c) `cairn pull` by delta (a repository with `--deltas-from vN` artifacts);
// plus pull throughput (MB of layer tar rebuilt per second, a whole pull by chunks into an empty
// store, process start included) and push time against `skopeo copy` of the same image: cairn
// with its chunk artifact, cairn with the image alone (`--no-chunk-data`, into a second registry,
// so that nothing is mounted from the first), each into a repository of its own, as skopeo
// (process start included, the load average printed).
// `--small` (CAIRN_BENCH_SMALL=1): the small corpus (one upgrade).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable } from './lib.mjs';
import { startRegistry } from './registry-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(root, 'dist', 'cli', 'main.js');
const MB = (n) => (n / 1e6).toFixed(2);

/** Runs a command without blocking this process (the proxy lives here); resolves with its wall time. */
function run(argv, options = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) reject(new Error(`${argv.join(' ')}: exit ${code}: ${stderr}`));
      else resolve({ seconds, stdout });
    });
  });
}

async function startProxy(target) {
  const [host, port] = target.split(':');
  const counts = { requests: 0, bytes: 0 };
  const server = createServer((req, res) => {
    counts.requests++;
    const forward = request({ host, port, method: req.method, path: req.url, headers: { ...req.headers, host: target } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.on('data', (d) => { counts.bytes += d.length; });
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  const proxyPort = await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
  return {
    host: `127.0.0.1:${proxyPort}`,
    take() { const c = { ...counts }; counts.requests = 0; counts.bytes = 0; return c; },
    close() { server.closeAllConnections(); server.close(); },
  };
}

export async function runRegistry() {
  const small = process.env.CAIRN_BENCH_SMALL === '1';
  if (spawnSync('docker-registry', ['--version']).status !== 0 || spawnSync('skopeo', ['--version']).status !== 0) {
    throw new Error('the registry benchmark needs docker-registry and skopeo');
  }
  const build = spawnSync(process.execPath, [join(root, 'corpus', 'build.mjs'), ...(small ? ['--small'] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (build.status !== 0) throw new Error('corpus build failed');
  const corpusDir = build.stdout.trim().split('\n').pop();
  const corpus = JSON.parse(readFileSync(join(corpusDir, 'corpus.json'), 'utf8'));
  const work = mkdtempSync(join(tmpdir(), 'cairn-bench-registry-'));
  const registry = await startRegistry(join(work, 'registry'));
  const plainRegistry = await startRegistry(join(work, 'registry-plain'));
  const proxy = await startProxy(registry.host);
  const cairn = (store, args) => run([process.execPath, CLI, '--store', store, '--json', ...args]);
  try {
    const sender = join(work, 'sender');
    const byApp = new Map();
    for (const image of corpus.images) {
      await cairn(sender, ['ingest', image.ociLayout, '--name', image.name]);
      byApp.set(image.app, [...(byApp.get(image.app) ?? []), image]);
    }
    // Push: every image to `chunks/APP` (with its chunk artifact), to `delta/APP` with a delta from its predecessor, and by skopeo to `skopeo/APP`.
    const pushRows = [];
    for (const [app, images] of byApp) {
      for (const [i, image] of images.entries()) {
        const load = loadavg()[0];
        const cairnPush = await cairn(sender, ['push', image.name, `${registry.host}/chunks/${app}:${image.tag}`]);
        const skopeo = await run(['skopeo', 'copy', '-q', '--dest-tls-verify=false', `oci:${image.ociLayout}:${image.tag}`, `docker://${registry.host}/skopeo/${app}:${image.tag}`]);
        const plainPush = await cairn(sender, ['push', image.name, `${plainRegistry.host}/plain/${app}:${image.tag}`, '--no-chunk-data']);
        const deltaArgs = i > 0 ? ['--deltas-from', images[i - 1].name] : [];
        await cairn(sender, ['push', image.name, `${registry.host}/delta/${app}:${image.tag}`, '--no-chunk-data', ...deltaArgs]);
        pushRows.push([
          image.name, cairnPush.seconds.toFixed(2), skopeo.seconds.toFixed(2), (cairnPush.seconds / skopeo.seconds).toFixed(2),
          plainPush.seconds.toFixed(2), (plainPush.seconds / skopeo.seconds).toFixed(2), load.toFixed(1),
        ]);
        console.error(`push ${image.name}: cairn ${cairnPush.seconds.toFixed(2)} s, skopeo ${skopeo.seconds.toFixed(2)} s, cairn image only ${plainPush.seconds.toFixed(2)} s (load ${load.toFixed(1)})`);
      }
    }
    const rows = [];
    const totals = { skopeo: 0, chunks: 0, delta: 0, chunkData: 0, bundle: 0 };
    let throughput;
    for (const [app, images] of byApp) {
      const chunkStore = join(work, `chunks-${app}`);
      const deltaStore = join(work, `delta-${app}`);
      const layout = join(work, `layout-${app}`);
      const first = images[0];
      const t0 = await cairn(chunkStore, ['pull', `${proxy.host}/chunks/${app}:${first.tag}`]);
      const tarBytes = first.layers.reduce((s, l) => s + l.size, 0);
      if (!throughput || tarBytes > throughput.bytes) throughput = { image: first.name, bytes: tarBytes, seconds: t0.seconds };
      await cairn(deltaStore, ['pull', `${proxy.host}/chunks/${app}:${first.tag}`]);
      await run(['skopeo', 'copy', '-q', '--src-tls-verify=false', `docker://${proxy.host}/skopeo/${app}:${first.tag}`, `oci:${layout}:${first.tag}`]);
      proxy.take();
      for (const image of images.slice(1)) {
        await run(['skopeo', 'copy', '-q', '--src-tls-verify=false', `docker://${proxy.host}/skopeo/${app}:${image.tag}`, `oci:${layout}:${image.tag}`]);
        const a = proxy.take();
        const b = JSON.parse((await cairn(chunkStore, ['pull', `${proxy.host}/chunks/${app}:${image.tag}`])).stdout);
        const bw = proxy.take();
        const c = JSON.parse((await cairn(deltaStore, ['pull', `${proxy.host}/delta/${app}:${image.tag}`])).stdout);
        const cw = proxy.take();
        const chunkData = b.bytes.received.chunks ?? 0;
        const bundle = c.bytes.received.deltas ?? 0;
        totals.skopeo += a.bytes; totals.chunks += bw.bytes; totals.delta += cw.bytes; totals.chunkData += chunkData; totals.bundle += bundle;
        rows.push([
          `${image.app} → ${image.tag}`, MB(a.bytes), a.requests, MB(bw.bytes), bw.requests, MB(chunkData), (bw.bytes / Math.max(1, chunkData)).toFixed(3),
          MB(cw.bytes), cw.requests, MB(bundle), (cw.bytes / Math.max(1, bundle)).toFixed(3), c.layers.map((l) => l.how[0]).join(''),
        ]);
      }
    }
    console.log('\n### Bytes on the wire per upgrade (MB, counted by a proxy), and requests\n');
    printTable(['upgrade', 'skopeo MB', 'req', 'chunks MB', 'req', 'chunk data MB', 'wire/data', 'delta MB', 'req', 'bundle MB', 'wire/bundle', 'delta layers'], rows);
    console.log(`\nTotals: skopeo ${MB(totals.skopeo)} MB, cairn by chunks ${MB(totals.chunks)} MB (${(totals.chunks / totals.skopeo).toFixed(3)}x skopeo; chunk data ${MB(totals.chunkData)} MB), cairn by delta ${MB(totals.delta)} MB (${(totals.delta / totals.skopeo).toFixed(3)}x skopeo; bundles ${MB(totals.bundle)} MB).`);
    console.log(`\nPull throughput: ${throughput.image} into an empty store by chunks, ${MB(throughput.bytes)} MB of layer tar in ${throughput.seconds.toFixed(2)} s = ${(throughput.bytes / 1e6 / throughput.seconds).toFixed(1)} MB/s (one \`cairn pull\` process, start included).`);
    console.log('\n### Push time (s): cairn push (image and chunk artifact; image alone) against skopeo copy of the same layout\n');
    printTable(['image', 'cairn push', 'skopeo copy', 'ratio', 'image only', 'ratio', 'load'], pushRows);
    const sum = (k) => pushRows.reduce((s, r) => s + Number(r[k]), 0);
    console.log(`\nAll pushes: cairn ${sum(1).toFixed(1)} s, skopeo ${sum(2).toFixed(1)} s (${(sum(1) / sum(2)).toFixed(2)}x); image only ${sum(4).toFixed(1)} s (${(sum(4) / sum(2)).toFixed(2)}x). Load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}.`);
  } finally {
    proxy.close();
    registry.stop();
    plainRegistry.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
