import type {ScreenLine} from '../screen-line.js';
import {Lines} from './styled-line.js';

/** A page of rows: the open finding, its timeline, a line among its neighbours, the tables of lines. */
export function FindingDetail({lines, height}: {readonly lines: readonly ScreenLine[]; readonly height: number}) {
	return <Lines lines={lines} height={height} />;
}
