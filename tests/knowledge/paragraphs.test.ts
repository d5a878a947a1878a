import { describe, expect, it } from 'vitest';
import { splitParagraphs, splitSentences } from '../../src/knowledge/sources/paragraphs.ts';
import { locateQuote } from '../../src/knowledge/sources/quotes.ts';
import { shippedKnowledgeBase } from '../support/core.ts';

describe('splitting sources', () => {
  it('keeps every paragraph and sentence an exact substring of the document, at its offset', async () => {
    const kb = await shippedKnowledgeBase();
    for (const source of kb.sources) {
      for (const p of source.paragraphs) {
        expect(source.text.slice(p.offset, p.offset + p.text.length)).toBe(p.text);
        for (const s of p.sentences) expect(p.text.slice(s.start, s.start + s.text.length)).toBe(s.text);
      }
    }
  });

  it('numbers paragraphs by position, marks headings, and gives each bullet its own paragraph', () => {
    const doc = 'Title Line\n\nFirst paragraph. Second sentence.\n\n  • Bullet one: text here.\n  • Bullet two: more text.\n\nLast.';
    const ps = splitParagraphs(doc);
    expect(ps.map((p) => [p.id, p.heading])).toEqual([
      ['p1', true],
      ['p2', false],
      ['p3', false],
      ['p4', false],
      ['p5', false],
    ]);
    expect(ps[2]!.text).toBe('• Bullet one: text here.');
  });

  it('does not end sentences at abbreviations', () => {
    const text = 'Talks at the U.S. Department of State went on. Deals with, e.g., Australia followed. Mr. Smith agreed.';
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      'Talks at the U.S. Department of State went on.',
      'Deals with, e.g., Australia followed.',
      'Mr. Smith agreed.',
    ]);
  });

  it('ends a sentence at a closing quote', () => {
    const text = 'He called it “a new paradigm.” The plan follows.';
    expect(splitSentences(text).map((s) => s.text)).toEqual(['He called it “a new paradigm.”', 'The plan follows.']);
  });

  it('finds quotes across typography, spacing and case, returning the source’s own span', () => {
    const paragraph = 'USTR announced a “first-of-its-kind”  action plan — with Mexico.';
    const span = locateQuote(paragraph, 'a "first-of-its-kind" action plan - with mexico')!;
    expect(paragraph.slice(span.start, span.end)).toBe('a “first-of-its-kind”  action plan — with Mexico');
    expect(locateQuote(paragraph, 'a plan with Canada')).toBeUndefined();
  });
});
