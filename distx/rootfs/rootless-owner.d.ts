/**
 * The `user.rootlesscontainers` attribute umoci --rootless writes on a name owned by someone
 * other than root: rootless-containers' protobuf `Resource { uint32 uid = 1; uint32 gid = 2; }`.
 */
/** protobuf of rootless-containers' `Resource { uint32 uid = 1; uint32 gid = 2; }`. */
export declare function rootlessOwnerXattr(uid: number, gid: number): Uint8Array | undefined;
