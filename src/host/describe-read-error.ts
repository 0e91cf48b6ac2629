import {lstat} from 'node:fs/promises';

const reasons: Readonly<Record<string, string>> = {
	EACCES: 'permission denied',
	EPERM: 'operation not permitted',
	EISDIR: 'it is a directory',
	ELOOP: 'too many levels of symbolic links',
	EIO: 'input/output error',
	ENOTDIR: 'a parent is not a directory',
};

/** A short lower-case reason for a failed file read, e.g. `it is a broken symbolic link`. */
export async function describeReadError(error: unknown, file: string): Promise<string> {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code === 'ENOENT') {
		const isLink = await lstat(file).then(stats => stats.isSymbolicLink(), () => false);
		return isLink ? 'it is a broken symbolic link' : 'it does not exist';
	}

	const known = code === undefined ? undefined : reasons[code];
	if (known !== undefined) {
		return known;
	}

	return (error instanceof Error ? error.message : String(error)).replace(/[.\s]+$/, '');
}
