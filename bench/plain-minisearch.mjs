// The plain baseline at scale: read every source text in a folder, split it into paragraphs at blank lines, index them
// with MiniSearch (default options) and print the top paragraph for the question. Plain JavaScript, no build step.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import MiniSearch from 'minisearch';

const [dir, ...words] = process.argv.slice(2);
const seeds = path.join(dir, 'seeds');
const docs = [];
for (const file of readdirSync(seeds).filter((f) => f.endsWith('.txt'))) {
  readFileSync(path.join(seeds, file), 'utf8')
    .split(/\n\s*\n/)
    .forEach((text, i) => text.trim() && docs.push({ id: `${file}#p${i + 1}`, text }));
}
const search = new MiniSearch({ fields: ['text'], storeFields: ['text'] });
search.addAll(docs);
const [top] = search.search(words.join(' '));
process.stdout.write(`${JSON.stringify({ answer: top?.text ?? "I don't know.", abstained: !top })}\n`);
