import {useStdout} from 'ink';
import {useEffect, useState} from 'react';
import type {ScreenSize} from './view-model.js';

/** The terminal's columns and rows, updated on resize; `fixed` wins when given (tests). */
export function useTerminalSize(fixed?: ScreenSize): ScreenSize {
	const {stdout} = useStdout();
	const read = (): ScreenSize => fixed ?? {width: stdout.columns || 80, height: stdout.rows || 24};
	const [size, setSize] = useState<ScreenSize>(read);
	useEffect(() => {
		if (fixed !== undefined) return;
		const onResize = (): void => setSize(read());
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout, fixed?.width, fixed?.height]);

	return fixed ?? size;
}
