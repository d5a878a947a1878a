import { ASK, ask } from './ask-tool.ts';
import { runTool } from './run.ts';

/** `npm run ask` without the start-up snapshot (`src/snapshot/`): everything loaded from the files. */
runTool(ASK, (line) => ask(line));
