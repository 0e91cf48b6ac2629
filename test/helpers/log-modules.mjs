// `node --import ./test/helpers/log-modules.mjs …`: logs the modules the process loads (module-log-hooks.mjs),
// those loaded by import and, at exit, those loaded by require (CommonJS packages load their own files so).
import {appendFileSync} from 'node:fs';
import {createRequire, register} from 'node:module';
import process from 'node:process';
import {pathToFileURL} from 'node:url';

register(new URL('module-log-hooks.mjs', import.meta.url));
const required = createRequire(import.meta.url).cache;
process.on('exit', () => {
	const log = process.env.KUBESLEUTH_MODULE_LOG;
	if (log) appendFileSync(log, Object.keys(required).map((file) => `${pathToFileURL(file).href}\n`).join(''));
});
