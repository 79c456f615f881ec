/** The small demo corpus (esbuild-app 0.20.0 and 0.20.1) for the chunk artifact tests, and pushing its OCI layouts as they are. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChunkRemote } from '../../src/registry/chunked/index.js';
import { ROOT } from './paths.js';

export interface CorpusImage {
  name: string;
  ociLayout: string;
  manifestDigest: string;
  diffIds: string[];
}

/** Builds (or reuses) the small corpus; fails if it cannot. */
export function smallCorpus(): CorpusImage[] {
  const build = spawnSync(process.execPath, [join(ROOT, 'corpus', 'build.mjs'), '--small'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`corpus/build.mjs --small failed: ${build.stderr}`);
  const dir = build.stdout.trim().split('\n').pop()!;
  return (JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8')) as { images: CorpusImage[] }).images;
}

/** Pushes an OCI layout's blobs and its manifest under `tag`, verbatim (what any client would push). */
export async function pushLayout(remote: ChunkRemote, layout: string, tag: string): Promise<{ digest: string; manifest: Buffer; mediaType: string }> {
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as { manifests: { digest: string; mediaType: string }[] };
  const ref = index.manifests[0]!;
  const blob = (digest: string): Buffer => readFileSync(join(layout, 'blobs', 'sha256', digest.slice(7)));
  const manifest = blob(ref.digest);
  const parsed = JSON.parse(manifest.toString('utf8')) as { config: { digest: string }; layers: { digest: string }[] };
  for (const d of [parsed.config.digest, ...parsed.layers.map((l) => l.digest)]) {
    if (!(await remote.hasBlob(d))) await remote.putBlob(d, blob(d));
  }
  await remote.putManifest(tag, manifest, ref.mediaType);
  return { digest: ref.digest, manifest, mediaType: ref.mediaType };
}
