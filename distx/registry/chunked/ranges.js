/**
 * Byte ranges for HTTP Range requests (RFC 9110 §14): coalescing neighbours, the Range header,
 * and reading the answer (a 206 with Content-Range, or multipart/byteranges). No I/O.
 */
import { CorruptDataError } from '../../errors.js';
/** Sorted, overlapping and touching ranges merged, and ranges at most `gap` bytes apart merged too. */
export function coalesce(ranges, gap) {
    const sorted = [...ranges].filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
    const out = [];
    for (const r of sorted) {
        const last = out[out.length - 1];
        if (last && r.start - last.end <= gap)
            last.end = Math.max(last.end, r.end);
        else
            out.push({ ...r });
    }
    return out;
}
/** `bytes=a-b,c-d` (inclusive ends, as HTTP writes them). */
export function rangeHeader(ranges) {
    return `bytes=${ranges.map((r) => `${r.start}-${r.end - 1}`).join(',')}`;
}
/** `bytes a-b/size` → start, end (exclusive), size (undefined for `*`). */
export function parseContentRange(value) {
    const m = /^\s*bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/i.exec(value ?? '');
    if (!m)
        throw new CorruptDataError(`registry: unreadable Content-Range ${JSON.stringify(value ?? '')}`);
    const start = Number(m[1]);
    const end = Number(m[2]) + 1;
    if (end <= start)
        throw new CorruptDataError(`registry: empty Content-Range ${value}`);
    return { start, end, ...(m[3] === '*' ? {} : { size: Number(m[3]) }) };
}
/** The boundary of a `multipart/byteranges` content type, or undefined for any other type. */
export function byterangesBoundary(contentType) {
    if (!contentType || !/^\s*multipart\/byteranges\b/i.test(contentType))
        return undefined;
    const m = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
    if (!m)
        throw new CorruptDataError('registry: multipart/byteranges without a boundary');
    return m[1] ?? m[2];
}
/**
 * The parts of a multipart/byteranges body. Each part's length comes from its Content-Range,
 * so the boundary may occur in the data; anything malformed is a CorruptDataError.
 */
export function parseByteranges(body, boundary) {
    const parts = [];
    const delimiter = Buffer.from(`--${boundary}`);
    let at = body.indexOf(delimiter);
    if (at < 0)
        throw new CorruptDataError('registry: multipart/byteranges body without its boundary');
    for (;;) {
        at += delimiter.length;
        if (body[at] === 0x2d && body[at + 1] === 0x2d)
            return parts; // closing delimiter
        const headersEnd = body.indexOf('\r\n\r\n', at);
        if (headersEnd < 0)
            throw new CorruptDataError('registry: multipart/byteranges part without its headers');
        const headers = body.subarray(at, headersEnd).toString('latin1').split('\r\n');
        const contentRange = headers.find((h) => /^content-range\s*:/i.test(h));
        const range = parseContentRange(contentRange?.slice(contentRange.indexOf(':') + 1));
        const start = headersEnd + 4;
        const end = start + (range.end - range.start);
        if (end > body.length)
            throw new CorruptDataError('registry: multipart/byteranges part cut short');
        parts.push({ start: range.start, bytes: body.subarray(start, end) });
        const next = body.indexOf(delimiter, end);
        if (next < 0)
            throw new CorruptDataError('registry: multipart/byteranges body without its closing boundary');
        at = next;
    }
}
/** `length` bytes at `start` of a blob, from whichever part holds them all; undefined if none does. */
export function sliceOf(parts, start, length) {
    for (const p of parts) {
        if (p.start <= start && start + length <= p.start + p.bytes.length)
            return p.bytes.subarray(start - p.start, start - p.start + length);
    }
    return undefined;
}
//# sourceMappingURL=ranges.js.map