import { scanTar } from './scan-tar.js';
/** The entries of a tar stream, in order; throws BadInputError as `splitTar` does. */
export async function* readEntries(source, options = {}) {
    for await (const event of scanTar(source, options)) {
        if (event.kind === 'entry')
            yield { header: event.header, data: event.data };
        else if (event.kind === 'end-of-archive')
            return;
    }
}
//# sourceMappingURL=read-entries.js.map