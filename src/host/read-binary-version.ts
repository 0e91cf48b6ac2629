import {open} from 'node:fs/promises';
import {canonicalKubernetesVersion} from '../detect/values/validate-values.js';

/** How the version was found in a binary's bytes. */
export type BinaryVersion = {readonly version: string; readonly marker: 'gitVersion' | 'Kubernetes'};

export type ReadBinaryVersionOptions = {
	/** Bytes read at a time; the file is never held in memory whole. */
	readonly chunkBytes?: number;
	/** Bytes read at most (kube-apiserver is 100-150 MB). */
	readonly maxBytes?: number;
};

const defaultChunkBytes = 1024 * 1024;
const defaultMaxBytes = 512 * 1024 * 1024;
// A match may straddle two chunks: this many bytes of the previous chunk are searched again.
const overlapBytes = 128;

// The version Kubernetes' build links in with `-X k8s.io/component-base/version.gitVersion=v1.31.4` shows
// next to its name where the linker flags are recorded (Go's build information), and as JSON
// (`"gitVersion":"v1.31.4"`). "Kubernetes v1.31.4" is what `--version` prints. The version must end
// where the text does: Go packs strings without separators, so a version glued to other letters is not one.
const versionText = String.raw`(v1\.\d{1,3}\.\d{1,4}(?:[-+][0-9A-Za-z][0-9A-Za-z.+-]{0,63})?)(?![0-9A-Za-z.+-])`;
const markers = new RegExp(String.raw`(gitVersion|Kubernetes)(?:["']?\s?[=:]\s?["']?|\s)` + versionText, 'g');

/**
 * Finds the Kubernetes version linked into a binary by reading its bytes in bounded chunks: the first
 * `gitVersion` one, else the first `Kubernetes vX.Y.Z`. Nothing is executed. Undefined when neither is there
 * (or the file cannot be read, or is not a regular file).
 */
export async function readBinaryVersion(file: string, options: ReadBinaryVersionOptions = {}): Promise<BinaryVersion | undefined> {
	const chunkBytes = options.chunkBytes ?? defaultChunkBytes;
	const maxBytes = options.maxBytes ?? defaultMaxBytes;
	let handle;
	try {
		handle = await open(file, 'r');
	} catch {
		return undefined;
	}

	try {
		const info = await handle.stat();
		if (!info.isFile()) return undefined;
		const end = Math.min(info.size, maxBytes);
		const buffer = Buffer.alloc(overlapBytes + chunkBytes);
		let kept = 0;
		let position = 0;
		let fallback: BinaryVersion | undefined;
		while (position < end) {
			const {bytesRead} = await handle.read(buffer, kept, Math.min(chunkBytes, end - position), position);
			if (bytesRead === 0) break;
			position += bytesRead;
			const total = kept + bytesRead;
			const text = buffer.toString('latin1', 0, total);
			for (const m of text.matchAll(markers)) {
				// A version that runs to the end of the chunk may go on in the next one: it is read again there.
				if (m.index + m[0].length === total && position < end) continue;
				const version = canonicalKubernetesVersion(m[2]!);
				if (version === undefined) continue;
				if (m[1] === 'gitVersion') return {version, marker: 'gitVersion'};
				fallback ??= {version, marker: 'Kubernetes'};
			}

			kept = Math.min(overlapBytes, total);
			buffer.copy(buffer, 0, total - kept, total);
		}

		return fallback;
	} catch {
		return undefined;
	} finally {
		await handle.close();
	}
}
