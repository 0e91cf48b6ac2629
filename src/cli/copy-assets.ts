// Build step: tsc compiles TypeScript only. The built-in rule files are data and are copied next to the
// compiled code, and the version and commit are recorded for `kubesleuth --version`.
import {execFileSync} from 'node:child_process';
import {cpSync, readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const from = fileURLToPath(new URL('../../src/detect/rules/', import.meta.url));
const to = fileURLToPath(new URL('../detect/rules/', import.meta.url));
cpSync(from, to, {recursive: true, filter: (source) => !source.endsWith('~')});

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string};
let commit = 'unknown';
try {
	commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim();
	const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim();
	if (dirty !== '') commit += '-dirty';
} catch {
	// Not a git checkout (an npm tarball): the commit stays unknown.
}

writeFileSync(new URL('./build-info.json', import.meta.url), JSON.stringify({version: pkg.version, commit}) + '\n');
