/** Files whose reads run ahead of the one being used (small files are read whole). */
const FILES_AHEAD = 16;
/** Small files read ahead, and read per call. */
const SMALL_FILES_AHEAD = 1024;
const SMALL_GROUP = 256;
/** Segments pulled ahead of the one being used, at most (framing between the files ahead). */
const SEGMENTS_AHEAD = 2 * SMALL_FILES_AHEAD + 64;
/** Chunks read per call within a large file, and calls kept in flight. */
const BATCH = 8;
const BATCHES_AHEAD = 2;
/** Keeps an early failure from going unhandled: the promise is awaited in turn. */
function quiet(promise) {
    promise.catch(() => undefined);
    return promise;
}
export async function* readSegments(segments, source) {
    const smallLimit = source.smallFileLimit ?? -1;
    const load = async (digest) => {
        const { chunks } = await source.getFileRecipe(digest);
        const batches = [];
        for (let i = 0; i < chunks.length; i += BATCH)
            batches.push(chunks.slice(i, i + BATCH).map((c) => c.digest));
        return { batches, first: batches.slice(0, BATCHES_AHEAD).map((b) => quiet(source.read(b))) };
    };
    const ahead = [];
    let filesAhead = 0;
    let smallAhead = 0;
    let group = { hexes: [] };
    const sendGroup = () => {
        if (group.hexes.length === 0)
            return;
        group.read = quiet(source.read(group.hexes));
        group = { hexes: [] };
    };
    let ended = false;
    const iterator = segments[Symbol.asyncIterator]();
    const pull = async () => {
        while (!ended && filesAhead < FILES_AHEAD && smallAhead < SMALL_FILES_AHEAD && ahead.length < SEGMENTS_AHEAD) {
            const next = await iterator.next();
            if (next.done) {
                ended = true;
                break;
            }
            const segment = next.value;
            if (segment.kind === 'file' && segment.length <= smallLimit) {
                smallAhead++;
                if (segment.length === 0) {
                    ahead.push({ segment });
                    continue;
                }
                ahead.push({ segment, group, index: group.hexes.length });
                group.hexes.push(segment.digest);
                if (group.hexes.length >= SMALL_GROUP)
                    sendGroup();
            }
            else if (segment.kind === 'file') {
                ahead.push({ segment, loaded: quiet(load(segment.digest)) });
                filesAhead++;
            }
            else {
                ahead.push({ segment });
            }
        }
        sendGroup();
    };
    try {
        await pull();
        while (ahead.length > 0) {
            const { segment, loaded, group: from, index } = ahead.shift();
            if (segment.kind === 'framing') {
                yield { segment };
                if (ahead.length < SEGMENTS_AHEAD / 2)
                    await pull();
            }
            else if (segment.length <= smallLimit) {
                smallAhead--;
                yield { segment, chunks: from ? [(await from.read)[index]] : [] };
                if (smallAhead < SMALL_FILES_AHEAD / 2)
                    await pull();
            }
            else {
                filesAhead--;
                await pull();
                yield { segment, chunks: batchesOf(await loaded, source) };
            }
        }
    }
    finally {
        await iterator.return?.();
    }
}
/** A large file's chunks in order, keeping up to BATCHES_AHEAD reads in flight. */
async function* batchesOf(loaded, source) {
    const pending = [...loaded.first];
    let next = pending.length;
    while (pending.length > 0) {
        const batch = await pending.shift();
        while (pending.length < BATCHES_AHEAD && next < loaded.batches.length)
            pending.push(quiet(source.read(loaded.batches[next++])));
        yield* batch;
    }
}
//# sourceMappingURL=segment-reads.js.map