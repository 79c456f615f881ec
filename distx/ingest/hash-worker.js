/**
 * Worker thread of the ingest hasher (stream-hasher.ts): the sha256 of a layer's whole tar (its
 * DiffID) and, inside it, of the files the main thread marks, computed off the main thread.
 * The bytes sit in a ring the main thread shares at `open` (no copy, no transfer per job); a
 * session's jobs arrive in order on one lane; each data job answers the digests of the files
 * that ended in it, the end job the DiffID.
 */
import { createHash } from 'node:crypto';
import { serveJobs } from '../workers/serve.js';
const sessions = new Map();
function data(session, bytes, marks) {
    session.whole.update(bytes);
    const done = [];
    let at = 0;
    for (const mark of marks) {
        if (mark < at || mark > bytes.length)
            throw new RangeError(`hash worker: mark ${mark} out of order`);
        if (session.file) {
            session.file.update(bytes.subarray(at, mark));
            done.push(session.file.digest('hex'));
            session.file = undefined;
        }
        else {
            session.file = createHash('sha256');
        }
        at = mark;
    }
    session.file?.update(bytes.subarray(at));
    return done;
}
function sessionOf(id) {
    const session = sessions.get(id);
    if (!session)
        throw new Error(`hash worker: no open session ${id}`);
    return session;
}
serveJobs((job) => {
    switch (job.op) {
        case 'open':
            sessions.set(job.session, { ring: new Uint8Array(job.ring), whole: createHash('sha256'), file: undefined });
            return { result: [] };
        case 'drop':
            sessions.delete(job.session);
            return { result: [] };
        case 'data': {
            const session = sessionOf(job.session);
            return { result: data(session, session.ring.subarray(job.offset, job.offset + job.length), job.marks) };
        }
        case 'end': {
            const session = sessionOf(job.session);
            sessions.delete(job.session);
            if (session.file)
                throw new Error('hash worker: the stream ended inside a marked file');
            return { result: [session.whole.digest('hex')] };
        }
    }
});
//# sourceMappingURL=hash-worker.js.map