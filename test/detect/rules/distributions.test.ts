import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadRules} from '../../../src/cli/load-rules.js';
import {distributions} from '../../../src/detect/rules/distributions.js';

const readme = readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');

describe('the distributions\' data', () => {
	it('has one entry per id, absolute node paths and journal units without .service', () => {
		expect(new Set(distributions.map((d) => d.id)).size).toBe(distributions.length);
		for (const d of distributions) {
			for (const place of [...d.node.paths, ...d.node.unitFiles, ...d.node.certificateFolders, ...d.logs.podDirectories, ...d.logs.files, ...(d.staticPodManifest === undefined ? [] : [d.staticPodManifest])]) {
				expect(path.isAbsolute(place), `${d.id}: ${place}`).toBe(true);
			}

			for (const unit of d.logs.journalUnits) expect(unit, d.id).not.toMatch(/\.service$/);
			expect(d.loopbackLifetime[0]?.since, d.id).toEqual([1, 0]);
		}
	});

	it('agrees with the context signals: every folder and program they capture is some distribution\'s marker', async () => {
		const {rules} = await loadRules([]);
		const signal = (id: string) => rules.signals.find((s) => s.id === id)!;
		const regexOf = (id: string): RegExp => {
			const {matcher} = signal(id);
			if (matcher.kind !== 'pattern') throw new Error(`${id} has no pattern`);
			return matcher.regex;
		};
		const folders = distributions.flatMap((d) => d.logClues.markers.filter((m) => m.startsWith('/')).map((m) => [d.id, m] as const));
		for (const [id, folder] of folders) {
			const line = `"Starting controller" name="serving-cert::${folder}tls/serving.crt::${folder}tls/serving.key"`;
			expect(regexOf('distribution-folder').exec(line)?.groups?.['folder'], id).toBe(folder);
		}

		for (const [program, id] of [['k3s v1.31.4+k3s1 (a562d090)', 'k3s'], ['rke2 v1.30.4+rke2r1 (b8a3c2)', 'rke2'], ['kubelite', 'microk8s']] as const) {
			const captured = regexOf('distribution-start').exec(`Starting ${program}`)?.groups?.['program'];
			expect(distributions.find((d) => d.logClues.markers.includes(captured ?? ''))?.id).toBe(id);
		}
	});

	it('is what the README tells: each distribution\'s restart command is in its section', () => {
		for (const d of distributions) {
			const {command} = d.restartApiserver;
			expect(readme, d.id).toContain(command.length > 60 ? command.slice(0, 60) : command);
		}
	});
});
