import type {ScreenLine} from '../screen-line.js';
import {Lines} from './styled-line.js';

/** The notice or filter prompt, and the keys. */
export function FooterBar({lines}: {readonly lines: readonly ScreenLine[]}) {
	return <Lines lines={lines} />;
}
