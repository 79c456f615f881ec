/** How many layers relayer gives an image: by default, and at most (the CLI's help shows both without loading relayer). */
export declare const DEFAULT_MAX_LAYERS = 32;
export declare const MAX_LAYERS = 127;
