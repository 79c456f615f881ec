export declare class DeltaSection {
    #private;
    readonly path: string;
    private readonly file;
    bytes: number;
    private constructor();
    static create(path: string): Promise<DeltaSection>;
    /** What `delta` would add to the section's frame at `level`, about. */
    marginal(delta: Uint8Array, level: number): number;
    append(delta: Uint8Array): Promise<void>;
    close(): Promise<void>;
}
