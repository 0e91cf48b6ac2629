import {Box} from 'ink';
import type {ScreenModel} from '../view-model.js';
import {ContextPanel} from './context-panel.js';
import {FindingDetail} from './finding-detail.js';
import {FindingList} from './finding-list.js';
import {FooterBar} from './footer-bar.js';
import {HeaderBar} from './header-bar.js';
import {HelpPanel} from './help-panel.js';
import {ColourContext} from './styled-line.js';

function Body({model}: {readonly model: ScreenModel}) {
	const {body, bodyHeight} = model;
	switch (body.kind) {
		case 'list':
			if (body.contextWidth === undefined) {
				return (
					<Box flexDirection="column" height={bodyHeight}>
						<FindingList lines={body.findings} width={body.listWidth} />
						<ContextPanel lines={body.context} width={body.listWidth} />
					</Box>
				);
			}

			return (
				<Box flexDirection="row" height={bodyHeight}>
					<FindingList lines={body.findings} width={body.listWidth} height={bodyHeight} />
					<Box width={2} />
					<ContextPanel lines={body.context} width={body.contextWidth} height={bodyHeight} />
				</Box>
			);
		case 'page':
			return body.screen === 'help' ? <HelpPanel lines={body.lines} height={bodyHeight} /> : <FindingDetail lines={body.lines} height={bodyHeight} />;
		default:
			return body satisfies never;
	}
}

/** The whole screen as the view model laid it out; tones in colour unless `colour` is false. */
export function ScreenView({model, colour = true}: {readonly model: ScreenModel; readonly colour?: boolean}) {
	return (
		<ColourContext.Provider value={colour}>
			<Box flexDirection="column">
				<HeaderBar lines={model.header} />
				<Body model={model} />
				<FooterBar lines={model.footer} />
			</Box>
		</ColourContext.Provider>
	);
}
