import {describe, expect, test} from 'vitest';
import {parseEventAge} from '../../../src/parse/payload/kubectl-events.js';
import {searchableText} from '../../../src/parse/searchable-text.js';
import {parseLines} from '../parse-fixture.js';
import {expectRows} from './decoder-table.js';

// The capture's reference time: the file's mtime in real use.
const capturedAt = Date.UTC(2026, 4, 10, 10, 0, 0);

describe('kubectl event tables', () => {
	test.each([
		['0s', 0], ['75s', 75_000], ['3m45s', 225_000], ['9m', 540_000], ['5h', 18_000_000], ['3d2h', 266_400_000], ['2y10d', 740 * 86_400_000],
		['<unknown>', Number.NaN], ['<invalid>', Number.NaN], ['8 m', Number.NaN], ['', Number.NaN],
	])('age %s is %d ms', (age, ms) => {
		expect(parseEventAge(age)).toBe(ms);
	});

	test('describe: columns cut at the header, ages dated back from the reference time, From is the component', () => {
		const {records, stats} = expectRows('formats/kubectl-describe-events.log', [
			{payload: 'plain', message: 'Name:         kube-apiserver-node1'},
			{payload: 'plain'},
			{payload: 'kubectl-event', severity: undefined, iso: undefined, message: 'Events:'},
			{payload: 'kubectl-event', severity: undefined},
			{payload: 'kubectl-event', severity: undefined},
			{severity: 'info', iso: '2026-05-10T09:51:00.000Z', timeFrom: 'event-age', timePrecision: 's', component: 'kubelet', fields: {type: 'Normal', reason: 'Pulled', age: '9m'}},
			{severity: 'warning', iso: '2026-05-10T09:51:56.000Z', timeFrom: 'event-age', component: 'kubelet', fields: {type: 'Warning', reason: 'Unhealthy', age: '8m4s', count: 8, firstAge: '8m54s'}, message: 'Liveness probe failed: Get "https://10.0.0.5:6443/livez": net/http: TLS handshake timeout'},
			{severity: 'warning', iso: '2026-05-10T09:58:00.000Z', fields: {type: 'Warning', reason: 'BackOff', age: '2m', count: 25, firstAge: '7m'}},
			{severity: 'info', iso: undefined, timeFrom: undefined, fields: {type: 'Normal', reason: 'Started', age: '<unknown>'}},
		], {referenceTime: capturedAt});
		expect(stats.derivedTimes).toEqual({'event-age': 3, 'process-uptime': 0});
		expect(searchableText(records[6]!)).toBe('Liveness probe failed: Get "https://10.0.0.5:6443/livez": net/http: TLS handshake timeout reason=Unhealthy');
	});

	test('get events: LAST SEEN, OBJECT, no count', () => {
		const {records} = expectRows('formats/kubectl-get-events.log', [
			{payload: 'kubectl-event', severity: undefined},
			{severity: 'warning', iso: '2026-05-10T09:51:56.000Z', timeFrom: 'event-age', fields: {type: 'Warning', reason: 'Unhealthy', age: '8m4s', object: 'pod/kube-apiserver-node1'}},
			{severity: 'warning', iso: '2026-05-10T09:58:00.000Z'},
			{severity: 'info', iso: undefined, message: 'node1_3f2a became leader', fields: {type: 'Normal', reason: 'LeaderElection', age: '<unknown>', object: 'lease/kube-scheduler'}},
			{severity: 'warning', iso: '2026-05-07T08:00:00.000Z', message: 'Error creating: Internal error occurred: failed calling webhook "validate.example.com": Post "https://webhook.example.svc:443/validate?timeout=10s": no endpoints available for service "webhook"'},
		], {referenceTime: capturedAt});
		expect(searchableText(records[1]!)).toBe('Liveness probe failed: Get "https://10.0.0.5:6443/livez": net/http: TLS handshake timeout reason=Unhealthy object=pod/kube-apiserver-node1');
	});

	test('the reference time defaults to the year hint\'s time (mtime, now); with --year alone ages give no time', () => {
		const table = ['LAST SEEN   TYPE      REASON    OBJECT    MESSAGE', '75s         Warning   BackOff   pod/a     back-off'];
		expect(parseLines(table, {year: {kind: 'mtime', ms: capturedAt}}).records[1]!.time).toBe(capturedAt - 75_000);
		expect(parseLines(table, {year: {kind: 'now', ms: capturedAt}}).records[1]!.time).toBe(capturedAt - 75_000);
		const flagOnly = parseLines(table, {year: {kind: 'flag', year: 2026}});
		expect(flagOnly.records[1]).toMatchObject({time: undefined, timeFrom: undefined, severity: 'warning'});
		expect(flagOnly.stats.derivedTimes).toEqual({'event-age': 0, 'process-uptime': 0});
	});

	test('namespaced, old and -o wide layouts; From "kubelet, node1" (1.17-1.19); a row that breaks the table ends it', () => {
		const {records} = parseLines([
			'NAMESPACE     LAST SEEN   TYPE      REASON    OBJECT              MESSAGE',
			'kube-system   2m          Warning   BackOff   pod/kube-apiserver  Back-off restarting failed container',
			'',
			'LAST SEEN   FIRST SEEN   COUNT   NAME            KIND   SUBOBJECT   TYPE      REASON      SOURCE           MESSAGE',
			'1m          10m          12      web-1.16a2b3c   Pod                Warning   Unhealthy   kubelet, node2   Readiness probe failed',
			'Events:',
			'  Type     Reason   Age   From            Message',
			'  ----     ------   ----  ----            -------',
			'  Warning  Failed   5s    kubelet, node1  Error: ImagePullBackOff',
			'just text after the table',
		], {referenceTime: capturedAt});
		expect(records.map((record) => [record.payload, record.severity, record.component, record.fields === undefined ? undefined : (record as {fields: Record<string, unknown>}).fields['object'] ?? (record as {fields: Record<string, unknown>}).fields['namespace']])).toEqual([
			['kubectl-event', undefined, undefined, undefined],
			['kubectl-event', 'warning', undefined, 'pod/kube-apiserver'],
			['kubectl-event', undefined, undefined, undefined],
			['kubectl-event', 'warning', 'kubelet', 'pod/web-1.16a2b3c'],
			['kubectl-event', undefined, undefined, undefined],
			['kubectl-event', undefined, undefined, undefined],
			['kubectl-event', undefined, undefined, undefined],
			['kubectl-event', 'warning', 'kubelet', undefined],
			['plain', undefined, undefined, undefined],
		]);
		expect(records[3]).toMatchObject({fields: {count: 12, firstAge: '10m', age: '1m'}, time: capturedAt - 60_000});
		expect(records[1]).toMatchObject({fields: {namespace: 'kube-system'}});
	});

	test('realworld r2-11: the describe table of a failing webhook', () => {
		expectRows('realworld/r2-11-webhook-failure-configurator74-kubectl-events-no-endpoints.log', [
			{payload: 'kubectl-event'},
			{payload: 'kubectl-event'},
			{payload: 'kubectl-event'},
			{payload: 'kubectl-event', severity: 'warning', component: 'job-controller', iso: '2026-05-10T09:58:45.000Z', fields: {type: 'Warning', reason: 'FailedCreate', age: '75s', count: 5, firstAge: '3m45s'}},
		], {referenceTime: capturedAt});
	});
});
