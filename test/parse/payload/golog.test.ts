import {describe, expect, test} from 'vitest';
import {parseLines} from '../parse-fixture.js';
import {expectRows} from './decoder-table.js';

describe('Go standard log', () => {
	test('fixture: date and time (local, here UTC), microseconds, [LEVEL] tags, Lshortfile callers, helm --debug lines', () => {
		expectRows('formats/golog.log', [
			{payload: 'golog', iso: '2026-05-10T17:43:56.000Z', timePrecision: 's', severity: undefined, caller: undefined, message: 'http: TLS handshake error from 10.0.0.7:53412: EOF'},
			{iso: '2026-05-10T17:43:57.889Z', timePrecision: 'us', severity: 'info', message: '[INFO] Handling backend connection request [c-km6q9:m-847b02c107d1]'},
			{severity: 'warning'},
			{iso: '2026-05-10T17:43:59.000Z', caller: 'server.go:3195', message: 'http: TLS handshake error from 10.0.0.8:53413: remote error: tls: bad certificate'},
			{severity: 'error'},
			{payload: 'golog', iso: undefined, severity: 'debug', caller: 'client.go:142', message: '[debug] creating 1 resource(s)'},
			{caller: 'wait.go:48', severity: 'debug'},
			{caller: 'install.go:214', severity: 'debug', message: '[debug] Original chart version: ""'},
		]);
	});

	test('a file name without .go or a line number is no caller', () => {
		const {records} = parseLines(['server.py:12: not go', 'main.go: no line', 'note: main.go:12: later']);
		expect(records.map((record) => record.payload)).toEqual(['plain', 'plain', 'plain']);
	});
});
