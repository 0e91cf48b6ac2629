import {Box, Text} from 'ink';
import {createContext, useContext} from 'react';
import type {ScreenLine, Tone} from '../screen-line.js';

const colours = {plain: undefined, critical: 'red', warning: 'yellow', info: 'cyan', ok: 'green', muted: 'gray', accent: 'magentaBright'} as const satisfies Record<Tone, string | undefined>;

/** Whether tones are drawn as colours (off with NO_COLOR or --color=never; bold and inverse stay, they are not colour). */
export const ColourContext = createContext(true);

/** One terminal row of styled segments, cut (never wrapped) at the edge. */
export function StyledLine({line}: {readonly line: ScreenLine}) {
	const colour = useContext(ColourContext);
	// An empty row keeps the same element shape as a full one, so React reuses it without Ink losing its height.
	const parts = line.length === 0 ? [{text: ' ', tone: 'plain', bold: false, inverse: false} as const] : line;
	return (
		<Text wrap="truncate-end">
			{parts.map((part, i) => (
				<Text key={i} color={colour ? colours[part.tone] : undefined} bold={part.bold} inverse={part.inverse}>
					{part.text}
				</Text>
			))}
		</Text>
	);
}

/** Rows one under the other, in a box of exactly `height` rows when given. */
export function Lines({lines, width, height}: {readonly lines: readonly ScreenLine[]; readonly width?: number; readonly height?: number}) {
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{lines.map((row, i) => (
				<StyledLine key={i} line={row} />
			))}
		</Box>
	);
}
