import type {ScreenLine} from '../screen-line.js';
import {Lines} from './styled-line.js';

/** Findings in order of importance, the selected one marked. */
export function FindingList({lines, width, height}: {readonly lines: readonly ScreenLine[]; readonly width: number; readonly height?: number}) {
	return <Lines lines={lines} width={width} height={height} />;
}
