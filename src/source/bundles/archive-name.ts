/** tar archives kubesleuth reads entry by entry. */
export const readableArchive = /\.(?:tar|tar\.gz|tgz)$/i;

/** tar archives in a compression Node.js cannot undo (xz, bzip2, zstd on Node 20): named in a warning. */
export const unreadableArchive = /\.(?:tar\.xz|txz|tar\.bz2|tbz2?|tar\.zst|tzst)$/i;

/** True for the names of tar archives, the compressed kinds kubesleuth cannot open included (they get a warning). */
export function isArchiveName(name: string): boolean {
	return readableArchive.test(name) || unreadableArchive.test(name);
}
