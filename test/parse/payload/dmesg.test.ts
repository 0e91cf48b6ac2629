import {describe, expect, test} from 'vitest';
import {parseLines} from '../parse-fixture.js';
import {expectRows} from './decoder-table.js';

describe('dmesg', () => {
	test('fixture: monotonic seconds (no wall time), -T, iso with a comma, -x levels', () => {
		expectRows('formats/dmesg.log', [
			{payload: 'dmesg', iso: undefined, severity: undefined, fields: {uptime: 123.456_789}, message: 'Out of memory: Killed process 1234 (kube-apiserver) total-vm:12345678kB, anon-rss:3456789kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:8192kB oom_score_adj:-997'},
			{iso: undefined, fields: {uptime: 123_456.000_001}},
			{iso: '2026-12-02T01:52:42.000Z', timePrecision: 's', message: 'EXT4-fs (sda1): mounted filesystem with ordered data mode'},
			{iso: '2026-12-01T17:52:42.456Z', timePrecision: 'us', message: 'nf_conntrack: nf_conntrack: table full, dropping packet'},
			{severity: 'error', fields: {uptime: 4567.000_001}, message: 'Memory cgroup out of memory: Killed process 63214 (uwsgi) total-vm:3149468kB, anon-rss:164992kB'},
			{severity: 'warning', iso: '2026-12-02T01:52:43.000Z'},
		]);
	});

	test('brackets that are no dmesg stamp stay text', () => {
		const {records} = parseLines(['[  12.5] short fraction', '[Foo Dec  2 01:52:42 2026] no weekday', 'kern: no level']);
		expect(records.map((record) => record.payload)).toEqual(['plain', 'plain', 'plain']);
	});
});
