/** Member paths of an image archive, confined to the archive. */
import { normalize } from 'node:path';
import { BadInputError } from '../errors.js';

/** Safe relative path of an archive member, or undefined for the archive root. */
export function memberPath(name: string, archive: string): string | undefined {
  const trimmed = name.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (trimmed === '' || trimmed === '.') return undefined;
  const normal = normalize(trimmed);
  if (normal.startsWith('/') || normal === '..' || normal.startsWith('../') || trimmed.split('/').includes('..')) {
    throw new BadInputError(`${archive}: member ${JSON.stringify(name)} points outside the archive`, { path: archive });
  }
  return normal;
}
