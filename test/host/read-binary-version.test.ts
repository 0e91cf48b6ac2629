import {randomBytes} from 'node:crypto';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {readBinaryVersion} from '../../src/host/read-binary-version.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kubesleuth-binary-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** A file of random bytes (no letters that could pass for a marker) with `planted` at `offset`. */
function binary(name: string, size: number, planted: Record<number, string>): string {
	const bytes = randomBytes(size).map((b) => b & 0x3f);
	for (const [offset, text] of Object.entries(planted)) Buffer.from(text, 'latin1').copy(bytes, Number(offset));
	const file = path.join(dir, name);
	writeFileSync(file, bytes);
	return file;
}

describe('readBinaryVersion', () => {
	it("finds the gitVersion the build linked in (Go's recorded -ldflags), anywhere in the file", async () => {
		const file = binary('ldflags', 3 * 1024 * 1024, {2_500_000: "\tbuild\t-ldflags=\"-X 'k8s.io/component-base/version.gitVersion=v1.28.9' -X 'k8s.io/component-base/version.gitCommit=abc'\"\n"});
		expect(await readBinaryVersion(file)).toEqual({version: 'v1.28.9', marker: 'gitVersion'});
	});

	it('finds a marker wherever a chunk boundary cuts it, and reads a version cut by one whole', async () => {
		const marker = '"gitVersion":"v1.31.14+k3s1"';
		// With 4 KiB chunks, the boundary at 4096 falls at every byte of the marker in turn.
		for (let start = 4096 - marker.length + 1; start < 4096; start++) {
			const file = binary(`cut-${start}`, 16 * 1024, {[start]: marker});
			expect(await readBinaryVersion(file, {chunkBytes: 4096}), `marker at ${start}`).toEqual({version: 'v1.31.14+k3s1', marker: 'gitVersion'});
		}
	});

	it('prefers gitVersion to a "Kubernetes vX.Y.Z" text found earlier, and takes the latter when it is all there is', async () => {
		expect(await readBinaryVersion(binary('both', 8192, {100: 'Kubernetes v1.27.16\n', 5000: 'gitVersion=v1.29.10 '}))).toEqual({version: 'v1.29.10', marker: 'gitVersion'});
		expect(await readBinaryVersion(binary('kubernetes', 8192, {100: 'Kubernetes v1.33.0-rc.1+k3s1\n'}))).toEqual({version: 'v1.33.0-rc.1+k3s1', marker: 'Kubernetes'});
	});

	it('takes no version that is glued to other text or is not a Kubernetes version, and stops at maxBytes', async () => {
		expect(await readBinaryVersion(binary('glued', 8192, {100: 'gitVersion=v1.28.9cleangitTreeState'}))).toBeUndefined();
		expect(await readBinaryVersion(binary('other', 8192, {100: 'gitVersion=v2.3', 300: 'version=v1.28.9 '}))).toBeUndefined();
		expect(await readBinaryVersion(binary('late', 64 * 1024, {60_000: 'gitVersion=v1.28.9 '}), {chunkBytes: 4096, maxBytes: 32 * 1024})).toBeUndefined();
	});

	it('gives undefined for what it cannot read as a file', async () => {
		expect(await readBinaryVersion(path.join(dir, 'missing'))).toBeUndefined();
		expect(await readBinaryVersion(dir)).toBeUndefined();
	});
});
