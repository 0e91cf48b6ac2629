// The live view's bundle that `npm run build` writes (src/cli/bundle-live-view.ts): one file that holds Ink, React
// and the view, so the first frame does not wait for the module loader to read some 600 files. Needs a fresh
// build (npm test does that first).
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const bundle = path.join(root, 'dist/render/ui/live-view-bundle.js');

describe('the live view bundle', () => {
	it('imports nothing but Node.js modules, and leaves out the development builds and the devtools', () => {
		const text = readFileSync(bundle, 'utf8');
		const specifiers = [...text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm)].map((m) => m[1] ?? m[2]!);
		expect(specifiers.length).toBeGreaterThan(0);
		expect(specifiers.filter((specifier) => !specifier.startsWith('node:'))).toEqual([]);
		// esbuild names each file it takes in a comment: the production builds are there, the development ones not.
		expect(text).toContain('// node_modules/react-reconciler/cjs/react-reconciler.production.js');
		expect(text).not.toContain('react-reconciler.development');
		// Ink's devtools would bring the ws library with it.
		expect(text).not.toContain('Sec-WebSocket-Accept');
	});

	it('loads on its own, without reading a module of Ink or React from node_modules', () => {
		const work = mkdtempSync(path.join(tmpdir(), 'kubesleuth-bundle-'));
		try {
			const log = path.join(work, 'modules.log');
			const script = `const m = await import(${JSON.stringify(`file://${bundle}`)}); console.log([typeof m.render, typeof m.createElement, typeof m.LiveApp].join(' '));`;
			const outcome = spawnSync(process.execPath, ['--import', path.join(root, 'test/helpers/log-modules.mjs'), '--input-type=module', '-e', script], {encoding: 'utf8', env: {...process.env, KUBESLEUTH_MODULE_LOG: log}});
			expect(outcome.stderr).toBe('');
			expect(outcome.stdout).toBe('function function function\n');
			const loaded = readFileSync(log, 'utf8').split('\n').filter((url) => url.includes('/node_modules/'));
			expect(loaded).toEqual([]);
		} finally {
			rmSync(work, {recursive: true, force: true});
		}
	});
});
