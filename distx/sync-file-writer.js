/**
 * A Writable into a new file, written with writeSync on the calling thread. From the page cache
 * a write is a copy, where createWriteStream hands each write to libuv's thread pool and back:
 * on the 2-core VMs cairn is measured on, each such hand-off (a cross-CPU wake-up) costs the
 * calling thread more than the copy, and a layer tar goes out as thousands of pieces (see the
 * images bench). A slow disk blocks the event loop for one write at a time.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';
export function syncFileWriter(path) {
    let fd;
    const write = (chunk) => {
        for (let at = 0; at < chunk.length;)
            at += writeSync(fd, chunk, at, chunk.length - at);
    };
    const close = () => {
        if (fd === undefined)
            return;
        const open = fd;
        fd = undefined;
        closeSync(open);
    };
    return new Writable({
        construct(done) {
            try {
                fd = openSync(path, 'w');
                done();
            }
            catch (error) {
                done(error);
            }
        },
        write(chunk, _encoding, done) {
            try {
                write(chunk);
                done();
            }
            catch (error) {
                done(error);
            }
        },
        writev(chunks, done) {
            try {
                for (const { chunk } of chunks)
                    write(chunk);
                done();
            }
            catch (error) {
                done(error);
            }
        },
        final(done) {
            try {
                close();
                done();
            }
            catch (error) {
                done(error);
            }
        },
        destroy(error, done) {
            try {
                close();
            }
            catch {
                // the stream's own error, if any, is the one reported
            }
            done(error);
        },
    });
}
//# sourceMappingURL=sync-file-writer.js.map