// Zip archives made by Python's zipfile (system zlib 1.2.13) from a JSON description.
import { python } from '../deflate/fixtures.js';

export interface SpecEntry {
  name: string;
  data: Uint8Array;
  deflated: boolean;
  level?: number;
  comment?: string;
}

export interface ZipSpec {
  entries: SpecEntry[];
  comment?: string;
  /** Written to a pipe: entries get data descriptors (flag bit 3). */
  streamed?: boolean;
  zip64?: boolean;
}

const SCRIPT = `
import sys, json, base64, zipfile, io
spec = json.load(sys.stdin)
class Pipe(io.RawIOBase):
    def __init__(self): self.buf = bytearray()
    def writable(self): return True
    def write(self, b): self.buf += b; return len(b)
out = Pipe() if spec['streamed'] else io.BytesIO()
with zipfile.ZipFile(out, 'w') as z:
    for e in spec['entries']:
        info = zipfile.ZipInfo(e['name'], date_time=(2020, 1, 2, 3, 4, 6))
        info.compress_type = zipfile.ZIP_DEFLATED if e['deflated'] else zipfile.ZIP_STORED
        if e.get('level') is not None: info._compresslevel = e['level']
        if e.get('comment'): info.comment = e['comment'].encode()
        with z.open(info, 'w', force_zip64=spec['zip64']) as f: f.write(base64.b64decode(e['data']))
    if spec.get('comment'): z.comment = spec['comment'].encode()
sys.stdout.buffer.write(bytes(out.buf) if spec['streamed'] else out.getvalue())
`;

export function pythonZip(spec: ZipSpec): Buffer {
  const json = JSON.stringify({
    ...spec,
    streamed: spec.streamed ?? false,
    zip64: spec.zip64 ?? false,
    entries: spec.entries.map((e) => ({ ...e, data: Buffer.from(e.data).toString('base64') })),
  });
  return python(SCRIPT, Buffer.from(json));
}
