// Build step: tsc compiles TypeScript only. The built-in rule files are data: they are copied next to the
// compiled code and compiled into the artefact start-up reads (src/cli/rule-artefact.ts); the live view's
// modules are bundled into one file (src/cli/bundle-live-view.ts), the CLI into dist/cli/main.js and its chunks
// (src/cli/bundle-cli.ts); and the version and commit are recorded for `kubesleuth --version`.
import {execFileSync} from 'node:child_process';
import {cpSync, readFileSync, writeFileSync} from 'node:fs';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {buildRuleArtefact, checkRuleArtefact} from './build-rule-artefact.js';
import {bundleCli} from './bundle-cli.js';
import {bundleLiveView} from './bundle-live-view.js';
import {readBuiltinRules, ruleArtefactFile} from './builtin-rules.js';

const from = fileURLToPath(new URL('../../src/detect/rules/', import.meta.url));
const to = fileURLToPath(new URL('../detect/rules/', import.meta.url));
cpSync(from, to, {recursive: true, filter: (source) => !source.endsWith('~') && !source.endsWith('.ts')});

// A built-in rule file with a problem fails the build: start-up trusts the artefact and checks nothing.
const {artefact, issues} = buildRuleArtefact(await readBuiltinRules());
issues.push(...checkRuleArtefact(artefact));
if (issues.length > 0) {
	for (const issue of issues) process.stderr.write(`kubesleuth build: ${issue.file}: ${issue.path}: ${issue.message}\n`);
	process.exit(1);
}

writeFileSync(new URL(ruleArtefactFile, new URL('../detect/rules/', import.meta.url)), JSON.stringify(artefact));
await bundleLiveView(fileURLToPath(new URL('../', import.meta.url)));
await bundleCli(fileURLToPath(new URL('../', import.meta.url)));

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
