import {readFileSync} from 'node:fs';
import {cliDirectory} from './cli-directory.js';

declare global {
	// Set by the single-executable build.
	// eslint-disable-next-line no-var
	var kubesleuthBuildInfo: {version: string; commit: string} | undefined;
}

/** Version and commit written by the build (dist/cli/build-info.json). */
export function readBuildInfo(): {version: string; commit: string} {
	if (globalThis.kubesleuthBuildInfo !== undefined) return globalThis.kubesleuthBuildInfo;
	try {
		return JSON.parse(readFileSync(new URL('build-info.json', cliDirectory), 'utf8')) as {version: string; commit: string};
	} catch {
		return {version: 'unknown', commit: 'unknown'};
	}
}
