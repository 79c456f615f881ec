/** The small demo corpus (esbuild-app 0.20.0 and 0.20.1) for the chunk artifact tests. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
