/** The renderers of a report over several runs (npm run report), each one file of its directory. */
import { runsHtmlRenderer } from './runs-html.js';
import { type RunsRenderer, runsCsvRenderer, runsMarkdownRenderer } from './runs-text.js';

export const RUNS_RENDERERS: RunsRenderer[] = [runsCsvRenderer, runsMarkdownRenderer, runsHtmlRenderer];
export { renderRunsTerminal, type RunsRenderer } from './runs-text.js';
