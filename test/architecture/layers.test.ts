import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

// The pipeline's folders in order: a module may import its own layer and those before it, never a later one.
// The core (parse to pipeline) takes a string and gives a value: no file system, no process, no terminal UI.
const layers = ['source', 'parse', 'detect', 'correlate', 'diagnose', 'pipeline', 'render'];
const core = new Set(['parse', 'detect', 'correlate', 'diagnose', 'pipeline']);
const src = path.resolve(import.meta.dirname, '../../src');

function modules(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return modules(full);
		return /\.tsx?$/.test(entry.name) ? [full] : [];
	});
}

const importsOf = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*?from '([^']+)'/gm)].map((m) => m[1]!);

describe('the layers of src/', () => {
	for (const layer of layers) {
		it(`${layer} imports no later layer${core.has(layer) ? ', and no file system, process or UI' : ''}`, () => {
			const problems: string[] = [];
			for (const file of modules(path.join(src, layer))) {
				for (const specifier of importsOf(file)) {
					const name = path.relative(src, file);
					if (specifier.startsWith('.')) {
						const target = path.relative(src, path.resolve(path.dirname(file), specifier)).split(path.sep)[0]!;
						const rank = layers.indexOf(target);
						if (rank > layers.indexOf(layer) || ['cli', 'host', 'export'].includes(target)) problems.push(`${name} imports ${specifier}`);
					} else if (core.has(layer) && /^(?:node:)?(?:fs|fs\/promises|process|child_process|worker_threads)$|^ink|^react/.test(specifier)) {
						problems.push(`${name} imports ${specifier}`);
					}
				}
			}

			expect(problems).toEqual([]);
		});
	}
});
