/**
 * The `user.rootlesscontainers` attribute umoci --rootless writes on a name owned by someone
 * other than root: rootless-containers' protobuf `Resource { uint32 uid = 1; uint32 gid = 2; }`.
 */
/** rootless-containers' "no owner recorded" id. */
const ROOTLESS_NOOP_ID = 0xffffffff;
/** protobuf of rootless-containers' `Resource { uint32 uid = 1; uint32 gid = 2; }`. */
export function rootlessOwnerXattr(uid, gid) {
    if (uid === 0 && gid === 0)
        return undefined;
    const out = [];
    const field = (tag, value) => {
        out.push(tag);
        for (let v = value;;) {
            const low = v % 128;
            v = Math.floor(v / 128);
            if (v === 0) {
                out.push(low);
                break;
            }
            out.push(low | 0x80);
        }
    };
    field(0x08, uid === 0 ? ROOTLESS_NOOP_ID : uid);
    field(0x10, gid === 0 ? ROOTLESS_NOOP_ID : gid);
    return Uint8Array.from(out);
}
//# sourceMappingURL=rootless-owner.js.map