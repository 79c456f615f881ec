/** OCI and Docker media types cairn reads and writes. */
export declare const MEDIA_TYPES: {
    readonly manifest: "application/vnd.oci.image.manifest.v1+json";
    readonly index: "application/vnd.oci.image.index.v1+json";
    readonly config: "application/vnd.oci.image.config.v1+json";
    readonly layerTar: "application/vnd.oci.image.layer.v1.tar";
    readonly layerGzip: "application/vnd.oci.image.layer.v1.tar+gzip";
    readonly layerZstd: "application/vnd.oci.image.layer.v1.tar+zstd";
    readonly dockerManifest: "application/vnd.docker.distribution.manifest.v2+json";
    readonly dockerConfig: "application/vnd.docker.container.image.v1+json";
    readonly dockerLayer: "application/vnd.docker.image.rootfs.diff.tar";
    readonly dockerLayerGzip: "application/vnd.docker.image.rootfs.diff.tar.gzip";
};
