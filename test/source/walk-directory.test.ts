import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {expandInputs} from '../../src/source/expand-inputs.js';
import {pathMaxBytes} from '../../src/source/walk-directory.js';

const made: string[] = [];

/** A temp tree with these files (relative path → text). */
function tree(files: Record<string, string>): string {
	const root = mkdtempSync(path.join(tmpdir(), 'kubesleuth-walk-'));
	made.push(root);
	for (const [name, text] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(root, name)), {recursive: true});
		writeFileSync(path.join(root, name), text);
	}

	return root;
}

afterEach(() => {
	// `rm -rf` also removes trees whose paths are too long for one system call.
	for (const root of made.splice(0)) execFileSync('rm', ['-rf', root]);
});

const relativeNames = (root: string, files: readonly {path: string}[]): string[] => files.map((f) => path.relative(root, f.path));

describe('walking a directory stays inside it', () => {
	it('does not follow a link to a folder or a file outside the bundle, and says so', async () => {
		const outside = tree({'secret.log': 'outside\n', 'sub/also.log': 'outside\n'});
		const bundle = tree({'node-1/kube-apiserver.log': 'inside\n'});
		symlinkSync('/etc', path.join(bundle, 'etc'));
		symlinkSync(outside, path.join(bundle, 'node-1', 'other'));
		symlinkSync(path.join(outside, 'secret.log'), path.join(bundle, 'node-1', 'shadow.log'));
		symlinkSync('../../' + path.basename(outside) + '/sub', path.join(bundle, 'node-1', 'relative-out'));
		const {files, warnings} = await expandInputs([bundle]);
		expect(relativeNames(bundle, files)).toEqual(['node-1/kube-apiserver.log']);
		expect(files.some((f) => f.path.startsWith('/etc') || f.path.startsWith(outside))).toBe(false);
		expect(warnings).toEqual([
			`${path.join(bundle, 'etc')}: symbolic link to /etc, outside ${bundle}: not followed (name it on the command line to read it)`,
			`${path.join(bundle, 'node-1/other')}: symbolic link to ${outside}, outside ${bundle}: not followed (name it on the command line to read it)`,
			`${path.join(bundle, 'node-1/relative-out')}: symbolic link to ${path.join(outside, 'sub')}, outside ${bundle}: not followed (name it on the command line to read it)`,
			`${path.join(bundle, 'node-1/shadow.log')}: symbolic link to ${path.join(outside, 'secret.log')}, outside ${bundle}: not followed (name it on the command line to read it)`,
		]);
	});

	it('follows relative links that stay inside, to folders and to files', async () => {
		// Dot-folders are not walked, so their files are reached only through the links.
		const bundle = tree({'.store/logs/0.log': 'through a folder link\n', '.store/api.log': 'through a file link\n'});
		symlinkSync('.store/logs', path.join(bundle, 'current'));
		symlinkSync('.store/api.log', path.join(bundle, 'kube-apiserver.log'));
		const {files, warnings} = await expandInputs([bundle]);
		expect(relativeNames(bundle, files).sort()).toEqual(['current/0.log', 'kube-apiserver.log']);
		expect(warnings).toEqual([]);
	});

	it('follows a link named on the command line, wherever it points', async () => {
		const outside = tree({'kube-apiserver.log': 'named\n'});
		const links = tree({});
		symlinkSync(outside, path.join(links, 'to-dir'));
		symlinkSync(path.join(outside, 'kube-apiserver.log'), path.join(links, 'to-file.log'));
		const byDir = await expandInputs([path.join(links, 'to-dir')]);
		expect(byDir.files.map((f) => f.path)).toEqual([path.join(links, 'to-dir', 'kube-apiserver.log')]);
		const byFile = await expandInputs([path.join(links, 'to-file.log')]);
		expect(byFile.files.map((f) => f.path)).toEqual([path.join(links, 'to-file.log')]);
	});

	it('a glob does not go through a link out of the bundle either', async () => {
		const outside = tree({'deep/stolen.log': 'outside\n'});
		const bundle = tree({'a/kube-apiserver.log': 'inside\n'});
		symlinkSync(outside, path.join(bundle, 'a', 'out'));
		const {files} = await expandInputs([`${bundle}/**/*.log`]);
		expect(relativeNames(bundle, files)).toEqual(['a/kube-apiserver.log']);
	});

	it('names a path too long to open instead of dropping it silently', async () => {
		const bundle = tree({'short.log': 'read\n'});
		// 18 folders of 240 bytes: past 4096 bytes, made one `cd` at a time as a copied bundle could hold them.
		const name = 'd'.repeat(240);
		execFileSync('bash', ['-c', `cd "$1" && for i in $(seq 18); do mkdir "$2" && cd "$2"; done && echo deep > deep.log`, 'bash', bundle, name]);
		const {files, warnings} = await expandInputs([bundle]);
		expect(relativeNames(bundle, files)).toEqual(['short.log']);
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toMatch(new RegExp(`^${bundle}/d{60}.*…d{60} \\(\\d{4} bytes\\): path longer than the system's limit of ${pathMaxBytes} bytes, not read$`));
	});

	it('follows links out of the node\'s own log folders that kubesleuth found itself (Docker links pod logs into /var/lib/docker)', async () => {
		const docker = tree({'containers/abc/abc-json.log': '{"log":"x\\n"}\n'});
		const pods = tree({});
		mkdirSync(path.join(pods, 'kube-system_kube-apiserver-cp-1_u/kube-apiserver'), {recursive: true});
		symlinkSync(path.join(docker, 'containers/abc/abc-json.log'), path.join(pods, 'kube-system_kube-apiserver-cp-1_u/kube-apiserver/0.log'));
		const asBundle = await expandInputs([pods]);
		expect(asBundle.files).toEqual([]);
		const found = await expandInputs([pods], {foundOnNode: true});
		expect(relativeNames(pods, found.files)).toEqual(['kube-system_kube-apiserver-cp-1_u/kube-apiserver/0.log']);
		expect(found.warnings).toEqual([]);
	});

	it('caps the warnings about links out of the bundle', async () => {
		const bundle = tree({'kube-apiserver.log': 'inside\n'});
		for (let i = 0; i < 25; i++) symlinkSync('/etc/hostname', path.join(bundle, `out-${String(i).padStart(2, '0')}.log`));
		const {files, warnings} = await expandInputs([bundle]);
		expect(relativeNames(bundle, files)).toEqual(['kube-apiserver.log']);
		expect(warnings).toHaveLength(21);
		expect(warnings.at(-1)).toBe(`${bundle}: 5 more symbolic links to places outside it, not followed`);
	});
});
