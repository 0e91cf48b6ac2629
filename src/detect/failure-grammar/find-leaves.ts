import type {LiteralPrefilter} from '../literal-prefilter.js';
import {eofForm} from './connection-forms.js';
import type {LeafDetail, LeafForm, LeafRow} from './leaf-form.js';
import type {ClassifyWork, RegexRunner} from './regex-runner.js';

/** One leaf error found in a message: where its text is, and which form of the grammar it matched. */
export type Leaf = {
	/** Offset of the leaf text. */
	readonly start: number;
	/** Offset just past everything the form read (times, names, the parenthesis of `possibly because of`). */
	readonly end: number;
	readonly form: LeafForm & {readonly kind: Exclude<LeafForm['kind'], 'wrapper'>};
	readonly detail: LeafDetail;
	readonly eof: boolean;
};

/**
 * Most literal occurrences read in one message. Each read is bounded (below), so this bounds the work of a
 * hostile line; a real message holds a handful.
 */
export const maxHits = 256;

/** Longest text a leaf form reads: the longest bounded quantifier (a 4096-character SAN list) and its words. */
const leafView = 4608;

/** A literal occurrence and its row; no row for an `EOF` occurrence. */
type Hit = {readonly offset: number; readonly row: LeafRow | undefined};

function readLeaf(message: string, hit: Hit, run: RegexRunner): Leaf | undefined {
	if (hit.row === undefined) {
		return readEof(message, hit.offset, run);
	}

	// Every pattern runs on a bounded slice, so no pattern can rescan the rest of a long line.
	const view = message.slice(hit.offset, hit.offset + leafView);
	for (const form of hit.row.forms) {
		const match = run(form.pattern, view, 0);
		if (match === null) continue;
		if (form.kind === 'wrapper') return undefined;
		const detail = form.read === undefined ? {} : form.read(match);
		if (detail === undefined) continue;
		return {start: hit.offset + hit.row.lead, end: hit.offset + match[0].length, form: {...form, kind: form.kind}, detail, eof: false};
	}

	return undefined;
}

/** `EOF` as Go prints it after `: `, `=`, a quote (`(error "EOF", …)`) or etcd v3.2's `(EOF)`, optionally `unexpected EOF`. */
function readEof(message: string, offset: number, run: RegexRunner): Leaf | undefined {
	const start = offset >= 11 && message.startsWith('unexpected ', offset - 11) ? offset - 11 : offset;
	const before = message[start - 1];
	const separated = before === '"' || before === '\'' || before === '=' || before === '('
		|| (before === ' ' && (message[start - 2] === ':' || message[start - 2] === '='));
	if (!separated || run(eofForm.pattern, message.slice(start, start + 16), 0) === null) return undefined;
	return {start, end: offset + 3, form: {...eofForm, kind: 'connection-reset'}, detail: {}, eof: true};
}

/**
 * The leaves of `message` in offset order, without overlaps (a hit inside an earlier leaf's text, such
 * as the quoted error of `possibly because of "…"`, is part of that leaf). `rows[i]` is the row of
 * prefilter literal `i`, undefined for wrapper literals that only make `EOF` worth looking for.
 */
export function findLeaves(message: string, prefilter: LiteralPrefilter, rows: readonly (LeafRow | undefined)[], run: RegexRunner, work: ClassifyWork): Leaf[] {
	const hits: Hit[] = [];
	const before = work.literalHits;
	prefilter.scan(message, (offset, literal) => {
		work.literalHits++;
		if (hits.length < maxHits && rows[literal] !== undefined) hits.push({offset, row: rows[literal]});
	});
	if (work.literalHits === before) return [];
	// `EOF` is looked for only in a message that holds a literal, so every classified message holds one.
	for (let at = message.indexOf('EOF'), eofs = 0; at >= 0 && eofs < maxHits; at = message.indexOf('EOF', at + 3), eofs++) {
		hits.push({offset: at, row: undefined});
		work.literalHits++;
	}

	hits.sort((a, b) => a.offset - b.offset);
	const leaves: Leaf[] = [];
	let end = 0;
	for (const hit of hits) {
		if (hit.offset < end) continue;
		const leaf = readLeaf(message, hit, run);
		if (leaf === undefined) continue;
		leaves.push(leaf);
		end = leaf.end;
	}

	return leaves;
}
