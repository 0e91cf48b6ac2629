import {resetPayloadFields, type PayloadDecoder, type PayloadFields} from './payload-fields.js';

const units: Readonly<Record<string, number>> = {s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, y: 365 * 86_400_000};

/**
 * An age as kubectl prints it (apimachinery `HumanDuration`, more-formats.md §10.2: `0s`, `75s`, `3m45s`, `5h`,
 * `3d2h`, `2y10d`) in milliseconds; NaN for `<unknown>`, `<invalid>` and anything else.
 */
export function parseEventAge(text: string): number {
	if (!/^(?:\d+[smhdy])+$/.test(text)) {
		return Number.NaN;
	}

	let total = 0;
	for (const [, amount, unit] of text.matchAll(/(\d+)([smhdy])/g)) {
		total += Number(amount) * units[unit!]!;
	}

	return total;
}

type Column = {readonly name: string; readonly start: number};

/** Column names and start offsets of a table header, columns being at least two spaces apart. */
const columnsOf = (header: string): Column[] => {
	const columns: Column[] = [];
	for (const match of header.matchAll(/\S+(?: \S+)*/g)) {
		columns.push({name: match[0].toUpperCase(), start: match.index});
	}

	return columns;
};

const describeHeader = /^ *Type +Reason +Age +From +Message *$/;
const describeRule = /^ *-{4} +-{6} +-{3}/;
const getHeader = /^(?:NAMESPACE +)?(?:LAST SEEN +)/;

/** The cells of a row cut at the header's column starts, or split at runs of two spaces when that fails. */
const cellsOf = (row: string, columns: readonly Column[], typeColumn: number): string[] | undefined => {
	const cells = columns.map((column, index) => row.slice(column.start, columns[index + 1]?.start ?? row.length).trim());
	const aligned = (cells[typeColumn] === 'Normal' || cells[typeColumn] === 'Warning')
		&& columns.every((column, index) => column.start === 0 || row.charCodeAt(column.start - 1) === 32 || index === 0);
	if (aligned) {
		return cells;
	}

	const parts = row.trim().split(/ {2,}/);
	if (parts.length < columns.length) {
		return undefined;
	}

	const split = [...parts.slice(0, columns.length - 1), parts.slice(columns.length - 1).join('  ')];
	return split[typeColumn] === 'Normal' || split[typeColumn] === 'Warning' ? split : undefined;
};

/** `75s (x5 over 3m45s)` -> [last age, count, first age]. */
const describeAge = (cell: string): [string, number | undefined, string | undefined] => {
	const match = /^(\S+) \(x(\d+) over (\S+)\)$/.exec(cell);
	return match === null ? [cell, undefined, undefined] : [match[1]!, Number(match[2]), match[3]!];
};

/**
 * The Events table of `kubectl describe` (`  Type  Reason  Age  From  Message`) and the `kubectl get events` /
 * `kubectl events` table (`[NAMESPACE] LAST SEEN  TYPE  REASON  OBJECT  MESSAGE`, also `-o wide` and the old
 * `LAST SEEN  FIRST SEEN  COUNT  NAME  KIND  SUBOBJECT  TYPE  REASON  SOURCE  MESSAGE`), more-formats.md §10.
 * Rows are cut at the header's column starts. Type Warning is severity warning, Normal info; the age becomes
 * `ageMs` (the driver dates it back from the source's reference time); the event source is the component. The
 * `Events:` and header lines are records of the table too, without a severity. State: the current header.
 */
export function createKubectlEvents(): PayloadDecoder {
	let columns: Column[] | undefined;
	let typeColumn = -1;

	const header = (content: string, out: PayloadFields): true => {
		resetPayloadFields(out, 'kubectl-event', content.trim());
		return true;
	};

	const row = (content: string, out: PayloadFields): boolean => {
		const cells = cellsOf(content, columns!, typeColumn);
		if (cells === undefined) {
			columns = undefined;
			return false;
		}

		const cell = (name: string): string | undefined => {
			const index = columns!.findIndex((column) => column.name === name);
			return index < 0 || cells[index] === '' ? undefined : cells[index];
		};

		const [age, count, firstAge] = cell('AGE') === undefined
			? [cell('LAST SEEN') ?? '', cell('COUNT') === undefined ? undefined : Number(cell('COUNT')), cell('FIRST SEEN')]
			: describeAge(cell('AGE')!);
		const source = cell('FROM') ?? cell('SOURCE');
		const kind = cell('KIND');
		const name = cell('NAME');
		const object = cell('OBJECT') ?? (kind === undefined || name === undefined ? name : `${kind.toLowerCase()}/${name}`);
		const type = cells[typeColumn]!;
		resetPayloadFields(out, 'kubectl-event', cell('MESSAGE') ?? '');
		out.severity = type === 'Warning' ? 'warning' : 'info';
		out.component = source?.split(', ')[0];
		out.ageMs = parseEventAge(age);
		const fields: Record<string, unknown> = {type, reason: cell('REASON'), age};
		if (count !== undefined && Number.isFinite(count)) fields['count'] = count;
		if (firstAge !== undefined) fields['firstAge'] = firstAge;
		if (object !== undefined) fields['object'] = object;
		const namespace = cell('NAMESPACE');
		if (namespace !== undefined) fields['namespace'] = namespace;
		out.fields = fields;
		return true;
	};

	return {
		name: 'kubectl-event',
		firsts: ' ELNT<0123456789abcdefghijklmnopqrstuvwxyz',
		decode(content, _context, out) {
			const first = content.charCodeAt(0);
			if (first === 69 && (content === 'Events:' || /^Events: +<none>$/.test(content))) {
				columns = undefined;
				return header(content, out);
			}

			if ((first === 32 || first === 84) && describeHeader.test(content)) {
				columns = columnsOf(content);
				typeColumn = columns.findIndex((column) => column.name === 'TYPE');
				return header(content, out);
			}

			if ((first === 76 || first === 78) && getHeader.test(content) && / TYPE +/.test(content) && / MESSAGE *$/.test(content)) {
				columns = columnsOf(content);
				typeColumn = columns.findIndex((column) => column.name === 'TYPE');
				return header(content, out);
			}

			if (columns === undefined) {
				return false;
			}

			if (first === 32 && describeRule.test(content)) {
				return header(content, out);
			}

			return row(content, out);
		},
	};
}
