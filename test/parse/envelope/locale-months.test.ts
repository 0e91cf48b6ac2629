import {describe, expect, test} from 'vitest';
import {localeMonthAt} from '../../../src/parse/envelope/locale-months.js';
import {expectRows} from '../payload/decoder-table.js';

describe('journald short under non-English month names', () => {
	test.each([
		['janv. 09', 1], ['févr. 09', 2], ['Mär 09', 3], ['mrz 09', 3], ['avril 16', 4], ['Mai 07', 5], ['мая 08', 5], ['giu 01', 6],
		['juil. 01', 7], ['ago 01', 8], ['wrz 01', 9], ['out 01', 10], ['Okt 01', 10], ['lis 01', 11], ['dic 12', 12], ['Dez 12', 12],
		['11月 11', 11], [' 5月 05', 5], [' 5월 06', 5], ['12월 01', 12],
	])('%s is month %d', (text, month) => {
		expect(localeMonthAt(text, 0)?.[0]).toBe(month);
	});

	test.each(['13月 01', 'foo 01', 'janvier 01', '月 01', ''])('%s is no month', (text) => {
		expect(localeMonthAt(text, 0)).toBeUndefined();
	});

	test('fixture: each locale line is journald short with host, unit, pid and time', () => {
		expectRows('formats/journald-short-locale.log', [
			{envelope: 'journald-short', iso: '2022-01-09T15:03:06.000Z', yearFrom: 'flag', host: 'node1', unit: 'etcd', pid: 1201, message: 'fr_FR month with a dot'},
			{envelope: 'journald-short', iso: '2022-04-16T21:08:50.000Z', host: undefined, unit: 'systemd-oomd', pid: 93_234},
			{envelope: 'journald-short-precise', iso: '2022-05-05T15:03:06.000Z', timePrecision: 'us', unit: 'etcd', message: 'ja_JP month with a leading space, short-precise'},
			{iso: '2022-05-06T15:03:06.000Z', message: 'ko_KR month'},
			{iso: '2022-05-07T15:03:06.000Z', message: 'de_DE month'},
			{iso: '2022-08-08T15:03:06.000Z', message: 'ru_RU month'},
			// The klog header's own time wins over the envelope's (the writer is in UTC, the reader in UTC+8).
			{payload: 'klog', iso: '2022-11-10T17:43:56.889Z', unit: 'kube-apiserver', pid: 790_992},
			{iso: '2022-12-12T15:03:06.000Z', message: 'es_ES month'},
		]);
	});
});
