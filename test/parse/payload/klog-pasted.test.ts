import {describe, expect, test} from 'vitest';
import {parseLines} from '../parse-fixture.js';
import {expectRows} from './decoder-table.js';

describe('several klog records pasted onto one line', () => {
	test('fixture: split at each header of the same day; the later pieces add no physical line', () => {
		const {stats} = expectRows('formats/klog-pasted.log', [
			{line: 1, lineCount: 1, severity: 'info', caller: 'server.go:565', iso: '2022-05-10T17:43:56.889Z', message: 'external host was not specified, using 10.0.0.5'},
			{line: 1, lineCount: 0, severity: 'error', caller: 'reflector.go:138', iso: '2022-05-10T17:43:57.001Z', message: 'k8s.io/client-go/informers/factory.go:134: Failed to watch *v1.Service: failed to list *v1.Service: Get "https://127.0.0.1:6443/api/v1/services": x509: certificate has expired or is not yet valid'},
			{line: 1, lineCount: 0, severity: 'warning', caller: 'genericapiserver.go:656', message: 'Skipping API apps/v1beta1 because it has no resources.'},
			{line: 2, lineCount: 1, message: 'a message that names I0510 but has no header after it'},
		]);
		expect(stats).toMatchObject({lines: 2, records: 4, recordLines: 2});
	});

	test('inside a CRI envelope the pieces keep the envelope time', () => {
		const {records} = parseLines(['2022-05-10T17:43:56.5Z stderr F I0510 17:43:56.000000       1 a.go:1] first message here, long enough I0510 17:43:56.100000       1 b.go:2] second']);
		expect(records.map((record) => [record.envelope, record.caller, record.message, new Date(record.time!).toISOString()])).toEqual([
			['cri', 'a.go:1', 'first message here, long enough', '2022-05-10T17:43:56.500Z'],
			['cri', 'b.go:2', 'second', '2022-05-10T17:43:56.500Z'],
		]);
	});
});
