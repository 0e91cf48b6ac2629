import type {ScreenLine} from '../screen-line.js';
import {Lines} from './styled-line.js';

/** Verdict, phase (reading… / following / done), counts, rate and progress bar. */
export function HeaderBar({lines}: {readonly lines: readonly ScreenLine[]}) {
	return <Lines lines={lines} />;
}
