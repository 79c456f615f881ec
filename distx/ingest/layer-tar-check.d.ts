/** True when `tar` (an uncompressed tar stream) surely holds no member named oci-layout or manifest.json; false when unsure. */
export declare function surelyLayerTar(tar: AsyncIterable<Uint8Array>): Promise<boolean>;
