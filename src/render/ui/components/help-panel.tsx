import type {ScreenLine} from '../screen-line.js';
import {Lines} from './styled-line.js';

/** The key bindings. */
export function HelpPanel({lines, height}: {readonly lines: readonly ScreenLine[]; readonly height: number}) {
	return <Lines lines={lines} height={height} />;
}
