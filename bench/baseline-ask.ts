import { createBaseline } from './baseline.ts';
import { knowledgePaths, loadKnowledgeBase } from '../src/knowledge/load.ts';
import { PROJECT_ROOT } from './paths.ts';

// The baseline's equivalent of `npm run ask -- --json "question"`, for the start-up comparison.
const kb = await loadKnowledgeBase(knowledgePaths(PROJECT_ROOT));
const answer = createBaseline(kb)(process.argv.slice(2).join(' '));
process.stdout.write(`${JSON.stringify(answer)}\n`);
