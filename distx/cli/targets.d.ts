/** A file to be written (replaced if it exists): its directory must exist, and it must not be a directory. */
export declare function checkOutputFile(path: string, option: string): Promise<void>;
/** A directory to be written into (made if missing): it must not be a file. */
export declare function checkOutputDirectory(path: string, what: string): Promise<void>;
