/**
 * Version histories for the relayer tests, as OCI layouts of hand-made layers (rootfs-tars.ts)
 * ingested into a store, and the comparisons the tests make: a tree exported by cairn, listed
 * (rootfs-listing.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { exportRootfs, ingest, openStore, type Store } from 'cairn';
import { listTree, type ListedPath } from './rootfs-listing.js';
import { makeTar, writeOciLayout, type RawEntry } from './rootfs-tars.js';
import { scratchDir } from './scratch.js';

export function workDir(prefix: string): string {
  return scratchDir(`cairn-relayer-${prefix}-`);
}

/** A store holding `repo:TAG` for each version (layers given as entry lists). */
export async function storeWithVersions(dir: string, repo: string, versions: readonly { tag: string; layers: readonly RawEntry[][] }[]): Promise<Store> {
  const layout = join(dir, 'layout');
  mkdirSync(layout, { recursive: true });
  writeOciLayout(layout, versions.map((v) => ({ tag: v.tag, layers: v.layers.map((entries) => makeTar(entries)) })));
  const store = await openStore(join(dir, 'store'));
  await ingest(store, [layout], { name: repo });
  return store;
}

/** cairn's export of an image's tree, listed. */
export async function exportedTree(store: Store, image: string, dir: string): Promise<ListedPath[]> {
  await exportRootfs(store, image, dir, { rootless: process.getuid?.() !== 0 });
  return listTree(dir);
}
