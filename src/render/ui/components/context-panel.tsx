import type {ScreenLine} from '../screen-line.js';
import {Lines} from './styled-line.js';

/** Own addresses and where each came from, apiserver start, uptime, version, loopback expiry, sources. */
export function ContextPanel({lines, width, height}: {readonly lines: readonly ScreenLine[]; readonly width: number; readonly height?: number}) {
	return <Lines lines={lines} width={width} height={height} />;
}
