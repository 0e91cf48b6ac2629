import {describe, expect, it} from 'vitest';
import {commandRow} from '../../../src/render/ui/finding-lines.js';
import {fitLine, lineText, segment, textWidth, truncateEnd, truncateMiddle, wrapText, wrappedLines} from '../../../src/render/ui/screen-line.js';

describe('screen lines', () => {
	it('escapes every segment', () => {
		expect(segment('a\u001B[2Jb\r\u202E').text).toBe('a\\x1b[2Jb\\r\\u202e');
	});

	it('counts wide characters as two columns and cuts on the column', () => {
		expect(textWidth('ab日本')).toBe(6);
		expect(truncateEnd('日本語のログ', 5)).toBe('日本…');
		expect(truncateEnd('short', 10)).toBe('short');
		expect(truncateMiddle('/var/log/pods/kube-system_kube-apiserver/0.log', 20)).toBe('/var/log/…rver/0.log');
	});

	it('cuts a line across its segments', () => {
		const cut = fitLine([segment('abc'), segment('defgh', 'critical')], 6);
		expect(lineText(cut)).toBe('abcde…');
		expect(cut[1]!.tone).toBe('critical');
	});

	it('wraps at spaces and breaks words longer than the width', () => {
		expect(wrapText('one two three four', 9)).toEqual(['one two', 'three', 'four']);
		expect(wrapText('ab https://example.com/very/long', 10)).toEqual(['ab https:/', '/example.c', 'om/very/lo', 'ng']);
		expect(wrappedLines('alpha beta gamma', 10, {firstIndent: '1. ', indent: '   '}).map(lineText)).toEqual(['1. alpha', '   beta', '   gamma']);
	});

	it('draws a command on one row, never wrapped, scrolled sideways with marks where it is cut', () => {
		const command = 'openssl s_client -connect 10.0.0.1:6443 -servername apiserver-loopback-client </dev/null';
		const start = lineText(commandRow(command, '  ', false, 0, 40));
		expect(textWidth(start)).toBeLessThanOrEqual(40);
		expect(start).toBe('    openssl s_client -connect 10.0.0.1:›');
		const moved = lineText(commandRow(command, '  ', true, 16, 40));
		expect(moved).toBe('  ▸ ‹ -connect 10.0.0.1:6443 -servernam›');
		// Scrolling past the end stops with the end of the command in view.
		const end = lineText(commandRow(command, '  ', false, 1000, 40));
		expect(end.endsWith('</dev/null')).toBe(true);
		expect(lineText(commandRow('ls', '  ', false, 5, 40))).toBe('    ls');
	});
});
