/**
 * A layer tar into the store: split into framing and payloads (tar/), payloads stored as files,
 * the framing kept verbatim in the layer recipe. Uncommitted: the caller commits with the image.
 */
import { BadInputError } from '../errors.js';
import { splitTar } from '../tar/index.js';
import type { Store } from '../store/index.js';
import type { LayerRecipe } from '../recipe/index.js';
import { LayerBuilder, type LayerStats } from './layer-builder.js';

/**
 * The longest run of framing accepted with no file data between: far beyond any real tar's
 * headers (a quarter of a million empty entries), it stops decompression bombs and endless
 * junk after the end of an archive from being inflated and stored.
 */
export const MAX_FRAMING_RUN = 256 * 1024 * 1024;

export async function ingestLayerStream(store: Store, source: AsyncIterable<Uint8Array>, options: { signal?: AbortSignal; what?: string } = {}): Promise<{ recipe: LayerRecipe; stats: LayerStats }> {
  const builder = new LayerBuilder(store, options.signal);
  let run = 0;
  for await (const part of splitTar(source, { signal: options.signal })) {
    if (part.kind === 'framing') {
      run += part.bytes.length;
      if (run > MAX_FRAMING_RUN) {
        throw new BadInputError(`${options.what ?? 'layer'}: more than ${MAX_FRAMING_RUN >> 20} MiB of tar framing with no file data (a decompression bomb, or junk after the end of the archive)`);
      }
      await builder.addFraming(part.bytes);
    } else {
      run = 0;
      await builder.addFile(part.data, part.length);
    }
  }
  return builder.finish();
}
