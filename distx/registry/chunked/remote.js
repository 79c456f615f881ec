/**
 * What the chunk artifacts need from a registry client (one repository), and the traffic they
 * count. The registry client (src/registry) provides it: auth, TLS, retries and redirects are
 * its business; this module only names the calls.
 */
/** Bytes and requests by kind, both directions. */
export class Traffic {
    requests = 0;
    received = { manifests: 0, metadata: 0, chunks: 0, deltas: 0, layers: 0, probe: 0 };
    sent = { manifests: 0, metadata: 0, chunks: 0, deltas: 0, layers: 0, probe: 0 };
    got(kind, bytes) {
        this.requests++;
        this.received[kind] += bytes;
    }
    put(kind, bytes) {
        this.requests++;
        this.sent[kind] += bytes;
    }
    /** A request that moved no body (HEAD, an upload's start). */
    asked() {
        this.requests++;
    }
    get totalReceived() {
        return Object.values(this.received).reduce((a, b) => a + b, 0);
    }
    get totalSent() {
        return Object.values(this.sent).reduce((a, b) => a + b, 0);
    }
    toJSON() {
        return { requests: this.requests, received: this.received, sent: this.sent };
    }
}
//# sourceMappingURL=remote.js.map