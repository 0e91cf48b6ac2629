import {open} from 'node:fs/promises';
import path from 'node:path';
import type {InputFile} from '../expand-inputs.js';
import {bundleOf, findBundleRoots, hostnameFile, planBundleFile, readHostname, type BundleRoot} from './bundle-layout.js';

/** The files of walked folders once support bundles among them are recognised, and which bundles they were. */
export type BundleFiles = {readonly files: InputFile[]; readonly bundles: readonly string[]};

/**
 * For each folder that was walked, finds the support bundles in it (sosreport, must-gather, Rancher log
 * collector, supportconfig): their files that are not logs are left out, and each log keeps the node it came
 * from (the bundle's `hostname` file or folder name, or a must-gather pod's node). Files outside bundles stay as they are.
 */
export async function applyBundles(directories: readonly string[], files: readonly InputFile[]): Promise<BundleFiles> {
	let kept = [...files];
	const described: string[] = [];
	for (const directory of directories) {
		const inside = kept.filter((file) => isUnder(directory, file.path));
		const relative = new Map(inside.map((file) => [file, toPosix(path.relative(directory, file.path))]));
		const bundles = findBundleRoots([...relative.values()]);
		if (bundles.length === 0) continue;
		const hostnames = new Map<BundleRoot, string | undefined>();
		for (const bundle of bundles) {
			const file = hostnameFile(bundle.kind);
			hostnames.set(bundle, file === undefined ? undefined : await readSmallText(path.join(directory, bundle.root, file)).then((text) => (text === undefined ? undefined : readHostname(text))));
			described.push(`${path.join(directory, bundle.root)} (${bundle.kind}${hostnames.get(bundle) ?? bundle.node ? `, node ${hostnames.get(bundle) ?? bundle.node}` : ''})`);
		}

		kept = kept.flatMap((file) => {
			const rel = relative.get(file);
			const found = rel === undefined ? undefined : bundleOf(bundles, rel);
			if (found === undefined) return [file];
			const plan = planBundleFile(found.bundle, found.inner, hostnames.get(found.bundle));
			if (!plan.read) return [];
			return [plan.exact === true ? {...file, host: plan.host, pod: plan.pod, container: undefined} : {...file, host: file.host ?? plan.host, pod: file.pod ?? plan.pod}];
		});
	}

	return {files: kept, bundles: described};
}

function isUnder(directory: string, file: string): boolean {
	const relative = path.relative(directory, file);
	return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function toPosix(relative: string): string {
	return relative.split(path.sep).join('/');
}

// A hostname file is a line; anything longer is not one.
async function readSmallText(file: string): Promise<string | undefined> {
	try {
		const handle = await open(file, 'r');
		try {
			const buffer = Buffer.alloc(512);
			const {bytesRead} = await handle.read(buffer, 0, buffer.length, 0);
			return buffer.toString('utf8', 0, bytesRead);
		} finally {
			await handle.close();
		}
	} catch {
		return undefined;
	}
}
