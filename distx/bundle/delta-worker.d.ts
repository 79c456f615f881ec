export interface DeltaJob {
    base: Uint8Array;
    target: Uint8Array;
    level: number;
    zip: boolean;
    raw?: boolean;
}
