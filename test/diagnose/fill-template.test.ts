import {describe, expect, it} from 'vitest';
import {fillTemplate} from '../../src/diagnose/fill-template.js';

describe('fillTemplate', () => {
	const vars = {start: '2025-11-27T11:38:14Z', expiry: undefined, lines: '102 lines', addresses: undefined};

	it('fills known placeholders and leaves names that are not variables as written', () => {
		expect(fillTemplate('started {start} ({lines}); {notAVariable}', vars)).toBe('started 2025-11-27T11:38:14Z (102 lines); {notAVariable}');
	});

	it('keeps an optional clause whose placeholders all have a value, and leaves out one that has none', () => {
		const text = 'the certificate it made at start-up{? ({start})} has expired{? (at {expiry})}; a restart fixes it.';
		expect(fillTemplate(text, vars)).toBe('the certificate it made at start-up (2025-11-27T11:38:14Z) has expired; a restart fixes it.');
		expect(fillTemplate('calls{? to {addresses}} time out ({lines})', vars)).toBe('calls time out (102 lines)');
		expect(fillTemplate('calls{? to {addresses}} time out', {...vars, addresses: '10.0.0.1'})).toBe('calls to 10.0.0.1 time out');
	});

	it('says unknown only for a placeholder without a value outside a clause', () => {
		expect(fillTemplate('expired at {expiry}', vars)).toBe('expired at unknown');
	});

	it('leaves an unclosed clause as text', () => {
		expect(fillTemplate('a {? b {start}', vars)).toBe('a {? b 2025-11-27T11:38:14Z');
	});
});
