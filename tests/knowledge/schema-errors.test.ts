import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkKnowledgeBase, knowledgePaths, loadKnowledgeBase } from '../../src/knowledge/load.ts';
import { formatProblem, KnowledgeBaseError } from '../../src/knowledge/problems.ts';
import { copyKnowledge, type KnowledgeCopy } from '../support/kb-copy.ts';

const MEXICO = 'curated/entries/us-mexico-action-plan.yaml';
const META = 'seeds/000_b6a7ccd00cf8827f.meta.json';

describe('a malformed knowledge file names the file, the field and the reason', () => {
  let kb: KnowledgeCopy;
  beforeEach(async () => {
    kb = await copyKnowledge();
  });
  afterEach(async () => {
    await kb.dispose();
  });

  const problems = async () => (await checkKnowledgeBase(knowledgePaths(kb.root))).problems.map(formatProblem);

  it('loads the shipped knowledge base without a problem', async () => {
    expect(await problems()).toEqual([]);
  });

  it('YAML that does not parse, with its line', async () => {
    await kb.edit(MEXICO, 'kind: action-plan', 'kind: [action-plan');
    const found = await problems();
    expect(found.some((p) => /^curated\/entries\/us-mexico-action-plan\.yaml:\d+: is not valid YAML/.test(p))).toBe(true);
  });

  it('a missing required field', async () => {
    await kb.edit(MEXICO, 'name: US–Mexico Critical Minerals Action Plan\n', '');
    expect(await problems()).toContainEqual(expect.stringMatching(/us-mexico-action-plan\.yaml(:\d+)?: name: /));
  });

  it('a field of the wrong type, with the line it is on', async () => {
    await kb.edit('curated/entries/project-vault.yaml', 'value: 10000000000', 'value: ten billion');
    expect(await problems()).toContainEqual(expect.stringMatching(/project-vault\.yaml:\d+: figures\[0\]\.value: .*number/i));
  });

  it('an unknown field (a typo in a key) is refused, not ignored', async () => {
    await kb.edit(MEXICO, 'kind: action-plan', 'kind: action-plan\nstatuss: typo');
    expect(await problems()).toEqual([expect.stringMatching(/^curated\/entries\/us-mexico-action-plan\.yaml:\d+: statuss: is not a field here/)]);
  });

  it('an enum value that does not exist', async () => {
    await kb.edit(MEXICO, 'kind: action-plan', 'kind: treaty');
    expect(await problems()).toContainEqual(expect.stringMatching(/kind: Invalid option/));
  });

  it('a paragraph id the source does not have', async () => {
    await kb.edit(MEXICO, 'paragraph: p16\n      quote: U.S. officials (led by USTR)', 'paragraph: p99\n      quote: U.S. officials (led by USTR)');
    expect(await problems()).toContainEqual(expect.stringMatching(/parties\[0\]\.cite\.paragraph: source "clk-2026-02-05" has no paragraph p99 \(it has p1 to p21\)/));
  });

  it('a quote that is not verbatim in the paragraph, and where it is instead', async () => {
    await kb.edit(MEXICO, 'paragraph: p16\n      quote: U.S. officials (led by USTR)', 'paragraph: p15\n      quote: U.S. officials (led by USTR)');
    expect(await problems()).toContainEqual(expect.stringMatching(/parties\[0\]\.cite\.quote: does not stand verbatim in clk-2026-02-05 p15 \(it is in p16\)/));
  });

  it('a quote not found in its paragraph is reported with its line', async () => {
    await kb.edit(MEXICO, 'quote: U.S. officials (led by USTR)', 'quote: U.S. officials (led by Commerce)');
    const text = await kb.read(MEXICO);
    const line = text.split('\n').findIndex((l) => l.includes('(led by Commerce)')) + 1;
    expect(await problems()).toContainEqual(expect.stringMatching(new RegExp(`^curated/entries/us-mexico-action-plan\\.yaml:${line}: parties\\[0\\]\\.cite\\.quote: does not stand verbatim`)));
  });

  it('a file with a schema error still has its quotes checked: one mistake does not hide another', async () => {
    await kb.edit(MEXICO, 'kind: action-plan', 'kind: treaty');
    await kb.edit(MEXICO, 'quote: USTR and the Government of Mexico announced\n', 'quote: USTR and the Government of Canada announced\n');
    const found = await problems();
    expect(found).toContainEqual(expect.stringMatching(/^curated\/entries\/us-mexico-action-plan\.yaml:\d+: kind: Invalid option/));
    expect(found).toContainEqual(expect.stringMatching(/^curated\/entries\/us-mexico-action-plan\.yaml:\d+: announced_by\.cite\[0\]\.quote: does not stand verbatim in clk-2026-02-05 p15: "USTR and the Government of Canada announced"/));
    expect(found).toHaveLength(2);
  });

  it('a missing citation names the field and shows what a citation looks like', async () => {
    await kb.edit(MEXICO, '    lead: the Office of the U.S. Trade Representative (USTR)\n    cite:\n      paragraph: p16\n      quote: U.S. officials (led by USTR)\n', '    lead: the Office of the U.S. Trade Representative (USTR)\n');
    const found = await problems();
    expect(found).toEqual([expect.stringMatching(/^curated\/entries\/us-mexico-action-plan\.yaml:\d+: parties\[0\]\.cite: is missing: every claim cites the paragraph it rests on, e\.g\. cite: \{ paragraph: p7, quote: /)]);
    expect(found[0]).not.toMatch(/Invalid input/);
  });

  it('a citation without its quote, or written as a bare paragraph id, says what is wrong with it', async () => {
    await kb.edit(MEXICO, '      quote: U.S. officials (led by USTR)\n', '');
    await kb.edit(MEXICO, '    cite:\n      paragraph: p16\n      quote: Mexican officials (led by the Secretariat of Economy)', '    cite: p16');
    const found = await problems();
    expect(found).toContainEqual(expect.stringMatching(/parties\[0\]\.cite: is not a citation \(quote is missing\), e\.g\. cite: \{ paragraph: p7/));
    expect(found).toContainEqual(expect.stringMatching(/parties\[1\]\.cite: is not a citation \(it must be a mapping with paragraph and quote\)/));
  });

  it('a required field left out says it is missing', async () => {
    await kb.edit(MEXICO, 'name: US–Mexico Critical Minerals Action Plan\n', '');
    expect(await problems()).toEqual([expect.stringMatching(/^curated\/entries\/us-mexico-action-plan\.yaml:\d+: name: is missing; this field is required$/)]);
  });

  it('a source whose metadata fails is reported once, not again at every citation of it', async () => {
    await kb.edit(META, '"published": "2026-02-05"', '"published": "2026-02-30"');
    expect(await problems()).toEqual([expect.stringMatching(/^seeds\/000_b6a7ccd00cf8827f\.meta\.json:\d+: published: must be a real date written YYYY-MM-DD$/)]);
  });

  it('files saved with a UTF-8 byte-order mark load like any other', async () => {
    for (const file of [MEXICO, 'curated/glossary.yaml', META, 'seeds/000_b6a7ccd00cf8827f.txt']) await kb.write(file, `\uFEFF${await kb.read(file)}`);
    expect(await problems()).toEqual([]);
    const base = await loadKnowledgeBase(knowledgePaths(kb.root));
    expect(base.source('clk-2026-02-05')!.text.startsWith('\uFEFF')).toBe(false);
  });

  it('a quote with words the source does not have', async () => {
    await kb.edit(MEXICO, 'quote: U.S. officials (led by USTR)', 'quote: U.S. officials (led by Commerce)');
    expect(await problems()).toContainEqual(expect.stringMatching(/parties\[0\]\.cite\.quote: does not stand verbatim/));
  });

  it('typographic quotes and dashes typed plainly still match, and the bot shows the source’s own characters', async () => {
    const base = await loadKnowledgeBase(knowledgePaths(kb.root));
    const mexico = base.entry('us-mexico-action-plan')!;
    // The YAML writes "first-of-its-kind" with straight quotes; the source has curly ones.
    expect(mexico.summary.citations[0]!.quote).toContain('“first-of-its-kind”');
  });

  it('an unknown source id', async () => {
    await kb.edit(MEXICO, 'source: clk-2026-02-05', 'source: nowhere-2026');
    expect(await problems()).toContainEqual(expect.stringMatching(/summary\.cite\[0\]\.source: unknown source "nowhere-2026" \(known: clk-2026-02-05\)/));
  });

  it('a deadline phrase that gives no period', async () => {
    await kb.edit(MEXICO, 'phrase: 60-day negotiation window', 'phrase: negotiation window');
    expect(await problems()).toContainEqual(expect.stringMatching(/deadlines\[0\]\.phrase: "negotiation window" gives no period/));
  });

  it('a deadline phrase that is not in the quoted sentence', async () => {
    await kb.edit(MEXICO, 'phrase: 60-day negotiation window', 'phrase: 90-day window');
    expect(await problems()).toContainEqual(expect.stringMatching(/deadlines\[0\]\.phrase: "90-day window" does not stand in the quoted sentence/));
  });

  it('a deadline counted from an entry that does not exist, or has no date', async () => {
    await kb.edit(MEXICO, 'counted_from: critical-minerals-ministerial', 'counted_from: nonexistent-meeting');
    await kb.edit('curated/entries/us-eu-mou.yaml', 'counted_from: critical-minerals-ministerial', 'counted_from: g7');
    const found = await problems();
    expect(found).toContainEqual(expect.stringMatching(/us-mexico-action-plan\.yaml:\d+: deadlines\[0\]\.counted_from: no entry has the id "nonexistent-meeting"/));
    expect(found).toContainEqual(expect.stringMatching(/us-eu-mou\.yaml:\d+: deadlines\[0\]\.counted_from: the entry "g7" has no computable "when"/));
  });

  it('a date phrase that does not compute', async () => {
    await kb.edit('curated/entries/critical-minerals-ministerial.yaml', "phrase: Yesterday's ministerial meeting", 'phrase: ministerial meeting');
    expect(await problems()).toContainEqual(expect.stringMatching(/critical-minerals-ministerial\.yaml:\d+: when: "ministerial meeting" gives no date/));
  });

  it('a duplicate entry id and an alias that leads to two entries', async () => {
    const text = await kb.read('curated/entries/g7.yaml');
    await kb.write('curated/entries/g7-copy.yaml', text.replace('name: G7', 'name: G7 copy'));
    await kb.edit('curated/entries/project-vault.yaml', 'aliases: [Vault,', 'aliases: [MSP, Vault,');
    const found = await problems();
    expect(found).toContainEqual(expect.stringMatching(/g7\.yaml:\d+: id: "g7" is already the id of the entry in curated\/entries\/g7-copy\.yaml|g7-copy\.yaml:\d+: id: "g7" is already/));
    expect(found).toContainEqual(expect.stringMatching(/(minerals-security-partnership|project-vault)\.yaml:\d+: aliases\[\d+\]: "MSP" already names the entry/));
  });

  it('a related entry that does not exist', async () => {
    await kb.edit('curated/entries/g7.yaml', 'related: [us-eu-japan-partnership, minerals-security-partnership]', 'related: [g8]');
    expect(await problems()).toContainEqual(expect.stringMatching(/^curated\/entries\/g7\.yaml:\d+: related\[0\]: no entry has the id "g8"$/));
  });

  it('source metadata: a missing field, a bad date, a text file without metadata', async () => {
    await kb.edit(META, '"published": "2026-02-05"', '"published": "2026-02-30"');
    await kb.write('seeds/orphan.txt', 'A document nobody described.');
    const found = await problems();
    expect(found).toContainEqual(expect.stringMatching(/000_b6a7ccd00cf8827f\.meta\.json:\d+: published: must be a real date/));
    expect(found).toContainEqual(expect.stringMatching(/seeds\/orphan\.txt: has no metadata: add orphan\.meta\.json/));
  });

  it('an empty curated file', async () => {
    await kb.write('curated/entries/empty.yaml', '');
    expect(await problems()).toContainEqual('curated/entries/empty.yaml: is empty');
  });

  it('reports every problem at once, and loading refuses the whole base', async () => {
    await kb.edit(MEXICO, 'kind: action-plan', 'kind: treaty');
    await kb.edit('curated/entries/g7.yaml', 'related: [us-eu-japan-partnership, minerals-security-partnership]', 'related: [g8]');
    expect((await problems()).length).toBeGreaterThanOrEqual(2);
    const error = await loadKnowledgeBase(knowledgePaths(kb.root)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KnowledgeBaseError);
    expect((error as KnowledgeBaseError).message).toMatch(/us-mexico-action-plan\.yaml.*kind/s);
    expect((error as KnowledgeBaseError).message).toMatch(/g7\.yaml:\d+: related\[0\]/);
  });
});
