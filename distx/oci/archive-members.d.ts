/** Safe relative path of an archive member, or undefined for the archive root. */
export declare function memberPath(name: string, archive: string): string | undefined;
/** The member a link points to, or undefined when it points out of the archive. */
export declare function linkTarget(member: string, linkname: string, hard: boolean): string | undefined;
/**
 * Gives each link member whose chain ends at an unpacked regular file the content of that
 * file (a hard link on disk, else a copy). `links` maps a link member to its target member
 * (undefined: outside the archive); `files` holds the regular members unpacked in `dir`.
 */
export declare function materializeLinks(dir: string, links: Map<string, string | undefined>, files: Set<string>): Promise<void>;
