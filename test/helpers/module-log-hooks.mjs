// Module hooks for `node --import ./test/helpers/log-modules.mjs`: every module URL the process resolves is
// appended to the file named by KUBESLEUTH_MODULE_LOG, so a test can tell which packages a run loaded.
import {appendFileSync} from 'node:fs';

export async function resolve(specifier, context, nextResolve) {
	const resolved = await nextResolve(specifier, context);
	if (process.env.KUBESLEUTH_MODULE_LOG) appendFileSync(process.env.KUBESLEUTH_MODULE_LOG, `${resolved.url}\n`);
	return resolved;
}
