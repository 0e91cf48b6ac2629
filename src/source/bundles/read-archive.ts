import path from 'node:path';
import {describe, notLogs} from '../expand-inputs.js';
import {isArchiveName, unreadableArchive} from './archive-name.js';
import {bundleOf, findBundleRoots, hostnameFile, planBundleFile, readHostname, type BundleRoot} from './bundle-layout.js';
import {readTarFiles} from './read-tar.js';

/** One log inside an archive, ready to be read. */
export type ArchiveLog = {
	/** `archive.tar.gz/path/inside`: the name in the report and the evidence. */
	readonly name: string;
	readonly size: number;
	readonly mtime: number | undefined;
	readonly host: string | undefined;
	readonly pod: string | undefined;
	readonly container: string | undefined;
	readonly bytes: AsyncIterable<Uint8Array>;
};

/** Where the reading of an archive reports what it found and what it could not read. */
export type ArchiveNotes = {
	readonly warn: (message: string) => void;
	/** A support bundle recognised inside, e.g. `cp-1.tar.gz/cp-1-2026-… (rancher-log-collector, node cp-1)`. */
	readonly bundle: (description: string) => void;
};

type Listing = {readonly paths: string[]; readonly hostnames: Map<string, string>};

// First pass: every file's path (bundles are recognised from all of them, in whatever order the archive
// holds them) and the small `hostname` files that name a bundle's node.
async function listArchive(file: string, warn: (message: string) => void): Promise<Listing> {
	const paths: string[] = [];
	const hostnames = new Map<string, string>();
	for await (const entry of readTarFiles(file, () => true, warn)) {
		paths.push(entry.path);
		if (path.posix.basename(entry.path) !== 'hostname' || entry.size > 512) continue;
		const chunks: Uint8Array[] = [];
		for await (const chunk of entry.body) chunks.push(chunk);
		const name = readHostname(Buffer.concat(chunks).toString('utf8'));
		if (name !== undefined) hostnames.set(entry.path, name);
	}

	return {paths, hostnames};
}

type Plan = {readonly host: string | undefined; readonly pod: string | undefined};

function planArchive(listing: Listing, archive: string, notes: ArchiveNotes): Map<string, Plan> {
	const bundles = findBundleRoots(listing.paths);
	const nodeOf = new Map<BundleRoot, string | undefined>();
	for (const bundle of bundles) {
		const file = hostnameFile(bundle.kind);
		const named = file === undefined ? undefined : listing.hostnames.get(bundle.root === '' ? file : `${bundle.root}/${file}`);
		nodeOf.set(bundle, named ?? bundle.node);
		notes.bundle(`${archive}/${bundle.root} (${bundle.kind}${named ?? bundle.node ? `, node ${named ?? bundle.node}` : ''})`);
	}

	// Outside bundles, an archive of several top-level folders holds one node per folder, as a folder would.
	const tops = new Set(listing.paths.filter((p) => p.includes('/')).map((p) => p.slice(0, p.indexOf('/'))));
	const plans = new Map<string, Plan>();
	for (const entry of listing.paths) {
		const found = bundleOf(bundles, entry);
		const described = describe(`/${entry}`);
		if (found !== undefined) {
			const plan = planBundleFile(found.bundle, found.inner, nodeOf.get(found.bundle));
			if (plan.read) plans.set(entry, plan.exact === true ? {host: plan.host, pod: plan.pod} : {host: described.host ?? plan.host, pod: described.pod ?? plan.pod});
			continue;
		}

		const base = path.posix.basename(entry);
		if (notLogs.test(base) || base.startsWith('.') || isArchiveName(base)) continue;
		plans.set(entry, {host: described.host ?? (tops.size >= 2 && entry.includes('/') ? entry.slice(0, entry.indexOf('/')) : undefined), pod: described.pod});
	}

	return plans;
}

/**
 * The logs inside a tar archive (plain or gzip), read directly without unpacking: a support bundle's logs with
 * the node of each, or, when it holds no known bundle, every file that looks like a log. The archive is read
 * twice: once to list it, once to stream the chosen files.
 */
export async function* readArchiveLogs(archive: string, notes: ArchiveNotes): AsyncGenerator<ArchiveLog> {
	if (unreadableArchive.test(archive)) {
		notes.warn(`${archive}: kubesleuth reads .tar, .tar.gz and .tgz archives; unpack this one (for example tar xf ${path.basename(archive)}) and pass the folder`);
		return;
	}

	const plans = planArchive(await listArchive(archive, notes.warn), archive, notes);
	if (plans.size === 0) notes.warn(`${archive}: no log files in this archive`);
	for await (const entry of readTarFiles(archive, (p) => plans.has(p))) {
		const plan = plans.get(entry.path);
		yield {name: `${archive}/${entry.path}`, size: entry.size, mtime: entry.mtime, host: plan?.host, pod: plan?.pod, container: describe(`/${entry.path}`).container, bytes: entry.body};
	}
}
