import type {ScreenLine} from '../screen-line.js';
import {Lines} from './styled-line.js';

/** The open finding: what to do, commands to copy, evidence, timeline, reasoning, explanation. */
export function FindingDetail({lines, height}: {readonly lines: readonly ScreenLine[]; readonly height: number}) {
	return <Lines lines={lines} height={height} />;
}
