/**
 * Editing a bundle as an attacker or a buggy sender would: unpack it with GNU tar (which reads
 * format 4's .tar.zst too), change the plan or replace blobs (re-addressing them, so every
 * digest still matches), repack with GNU tar (`--zstd` when the bundle was compressed).
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of the plan (docs/bundle.md) these edits touch. */
export interface EditablePlan {
  version: number;
  files: { digest: string; size: number; via: string; base?: string; delta?: string; length?: number; chunks?: (string | number)[][] }[];
  deltas?: string;
  chunkPack?: string;
  /** Version 5: the chunk sections. */
  sections?: { blob: string; length: number; dictionary?: { layers: string[]; under: string[]; length: number } }[];
}

export interface BundleEdit {
  plan: EditablePlan;
  /** The bytes of a blob (`sha256:<hex>`). */
  blob(digest: string): Buffer;
  /** Replaces a blob the manifest lists by `bytes`; returns the new digest (the plan is not changed). */
  replace(digest: string, bytes: Buffer): string;
  /** The delta of a file shipped as a delta: its blob (versions 1-3) or its piece of the delta section (version 4). */
  delta(file: EditablePlan['files'][number]): Buffer;
  /** Replaces the delta of a file, re-addressing its blob or the delta section. */
  setDelta(file: EditablePlan['files'][number], bytes: Buffer): void;
}

/** Version 4: the deltas of the section, in plan order, by file. */
function cutSection(plan: EditablePlan, section: Buffer): Map<EditablePlan['files'][number], Buffer> {
  const out = new Map<EditablePlan['files'][number], Buffer>();
  let at = 0;
  for (const f of plan.files) {
    if (f.via !== 'delta' && f.via !== 'zip-delta') continue;
    out.set(f, section.subarray(at, at + f.length!));
    at += f.length!;
  }
  return out;
}

const hex = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** A copy of `bundle` with `edit` applied, written under `dir`; returns its path. */
export function editBundle(bundle: string, dir: string, edit: (b: BundleEdit) => void): string {
  const out = join(dir, 'unpacked');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  execFileSync('tar', ['-xf', bundle, '-C', out]);
  const zstd = readFileSync(bundle).subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]));
  const path = (digest: string): string => join(out, 'blobs', 'sha256', digest.replace('sha256:', ''));
  const put = (bytes: Buffer): string => {
    const digest = `sha256:${hex(bytes)}`;
    writeFileSync(path(digest), bytes);
    return digest;
  };
  const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { manifests: { digest: string; size: number }[] };
  const oldManifest = index.manifests[0]!.digest;
  const manifest = JSON.parse(readFileSync(path(oldManifest), 'utf8')) as { layers: { mediaType: string; digest: string; size: number }[] };
  const planRef = manifest.layers.find((l) => l.mediaType.includes('plan'))!;
  const oldPlan = planRef.digest;
  const plan = JSON.parse(readFileSync(path(oldPlan), 'utf8')) as EditablePlan;
  const replace = (digest: string, bytes: Buffer): string => {
    const ref = manifest.layers.find((l) => l.digest === digest);
    if (!ref) throw new Error(`the manifest lists no blob ${digest}`);
    rmSync(path(digest));
    return Object.assign(ref, { digest: put(bytes), size: bytes.length }).digest;
  };
  const section = plan.version >= 4 && plan.deltas ? cutSection(plan, readFileSync(path(plan.deltas))) : undefined;
  edit({
    plan,
    blob: (digest) => readFileSync(path(digest)),
    replace,
    delta: (file) => (section ? section.get(file)! : readFileSync(path(file.delta!))),
    setDelta: (file, bytes) => {
      if (!section) { file.delta = replace(file.delta!, bytes); return; }
      section.set(file, bytes);
      file.length = bytes.length;
      plan.deltas = replace(plan.deltas!, Buffer.concat([...section.values()]));
    },
  });
  const planBytes = Buffer.from(JSON.stringify(plan));
  rmSync(path(oldPlan));
  Object.assign(planRef, { digest: put(planBytes), size: planBytes.length });
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  rmSync(path(oldManifest));
  Object.assign(index.manifests[0]!, { digest: put(manifestBytes), size: manifestBytes.length });
  writeFileSync(join(out, 'index.json'), JSON.stringify(index));
  const result = join(dir, `edited-${Date.now()}-${Math.random().toString(36).slice(2)}.tar`);
  execFileSync('tar', ['--format=ustar', ...(zstd ? ['--zstd'] : []), '-cf', result, '-C', out, 'oci-layout', 'index.json', 'blobs']);
  return result;
}
