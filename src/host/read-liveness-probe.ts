import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {parse} from 'yaml';
import type {LivenessProbe} from '../correlate/live-facts.js';
import {distributions} from '../detect/rules/distributions.js';

const handlers = ['tcpSocket', 'exec', 'grpc'] as const;
const maxManifestBytes = 1 << 20;

/**
 * The kube-apiserver container's liveness probe in a static pod manifest text (a Pod), or undefined when the
 * text is not such a manifest. A path is kept only when it is a plain URL path, so nothing odd reaches the report.
 */
export function livenessProbeOf(manifest: string, text: string): LivenessProbe | undefined {
	let document: unknown;
	try {
		document = parse(text);
	} catch {
		return undefined;
	}

	const containers = field(field(document, 'spec'), 'containers');
	if (!Array.isArray(containers)) return undefined;
	const apiserver = containers.find((c: unknown) => field(c, 'name') === 'kube-apiserver') ?? (containers.length === 1 ? containers[0] : undefined);
	if (apiserver === undefined) return undefined;
	const probe = field(apiserver, 'livenessProbe');
	if (probe === undefined || probe === null) return {type: 'none', manifest};
	const get = field(probe, 'httpGet');
	if (get !== undefined) {
		const rawPath = field(get, 'path');
		const probePath = typeof rawPath === 'string' && rawPath !== '' ? (rawPath.startsWith('/') ? rawPath : `/${rawPath}`) : '/';
		return safePath.test(probePath) ? {type: 'endpoint', manifest, path: probePath, handler: 'httpGet'} : {type: 'other', manifest, handler: 'httpGet with an unusual path'};
	}

	// rke2 probes with `kubectl get --server=https://localhost:6443/ … --raw=/livez`.
	const command = field(field(probe, 'exec'), 'command');
	if (Array.isArray(command)) {
		const raw = command.map((part: unknown) => (typeof part === 'string' ? /^--raw=(\/\S*)$/.exec(part)?.[1] : undefined)).find((p) => p !== undefined);
		if (raw !== undefined && safePath.test(raw)) return {type: 'endpoint', manifest, path: raw, handler: 'exec'};
	}

	const handler = handlers.find((name) => field(probe, name) !== undefined);
	return {type: 'other', manifest, handler: handler ?? 'unknown'};
}

const safePath = /^\/[\w./?=&,%-]{0,200}$/;

/** Reads the first apiserver static pod manifest that exists under root (kubeadm, rke2, OpenShift places). */
export async function readLivenessProbe(root = '/'): Promise<LivenessProbe | undefined> {
	for (const distribution of distributions) {
		const manifest = distribution.staticPodManifest;
		if (manifest === undefined) continue;
		const file = path.join(root, manifest);
		const text = await readFile(file).then((bytes) => (bytes.length > maxManifestBytes ? undefined : bytes.toString('utf8')), () => undefined);
		if (text === undefined) continue;
		const probe = livenessProbeOf(manifest, text);
		if (probe !== undefined) return probe;
	}

	return undefined;
}

function field(value: unknown, key: string): unknown {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}
