import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, splitParts, type Answer } from '../../src/knowledge/answer/answer.ts';
import { createEngine, type Engine } from '../../src/knowledge/answer/engine.ts';
import { plainText, readQuestion } from '../../src/knowledge/answer/read.ts';
import { gatherEvidence } from '../../src/knowledge/answer/evidence.ts';
import { parseIsoDate, type IsoDate } from '../../src/core/dates.ts';
import { shippedKnowledgeBase } from '../support/core.ts';

/**
 * The answering engine on questions of every kind, typed the way people type
 * in chat: what it reads, what it answers, and where it says the sources do
 * not say. None of these questions is in an evaluation set.
 */
let engine: Engine;
let sourceTexts: string[];
const TODAY = parseIsoDate('2026-12-01')!;
beforeAll(async () => {
  const kb = await shippedKnowledgeBase();
  engine = createEngine(kb);
  sourceTexts = kb.sources.map((s) => s.text);
});

const ask = (q: string, today: IsoDate = TODAY, context = {}): Answer => answerQuestion(engine, q, today, context);
const seen = (a: Answer) => [a.text, ...a.citations.map((c) => c.quote)].join('\n');
const verbatim = (a: Answer) => a.citations.every((c) => sourceTexts.some((t) => t.includes(c.quote)));

describe('reading: language from libraries', () => {
  it('mends a typo in a word the sources never use, against an English dictionary', () => {
    const q = readQuestion('whats a good recipie for sourdough', engine.index, engine.names);
    expect(q.terms.map((t) => t.label)).toContain('recipe');
    expect(ask('whats a good recipie for sourdough').abstained).toBe(true);
  });

  it('mends a typo in a word the sources use, and answers', () => {
    const a = ask('how much private capital is in the stockpilling projct?');
    expect(a.abstained).toBe(false);
    expect(seen(a)).toMatch(/1\.67 billion/);
  });

  it('meets a word the sources do not use through WordNet: a synonym ("heads" for "led by") and a derivation', () => {
    expect(seen(ask('which department heads the US side of the memorandum?'))).toMatch(/Department of State/);
    const q = readQuestion('what did the negotiators agree to discuss', engine.index, engine.names);
    const negotiators = q.terms.find((t) => t.label === 'negotiators')!;
    expect([...negotiators.related.keys()]).toEqual(expect.arrayContaining(['negoti']));
  });

  it('reads chat shorthand and platform markup as plain words', () => {
    const a = ask('<@U123> w/ &lt;!channel&gt; \u001b[31m who leads the us side of the mexico plan rn?');
    expect(seen(a)).toMatch(/USTR|Trade Representative/);
  });
});

describe('each kind of answer, and a near miss of each kind', () => {
  it.each([
    ['person', 'which vp was quoted?', /Vance/],
    ['body', 'who leads the mexican side of the action plan?', /Secretariat of Economy/],
    ['place', 'where were the meetings held?', /Department of State/],
    ['date', 'when was the ministerial?', /February 4, 2026/],
    ['duration', 'how long is the us-mexico negotiation window?', /60 days/],
    ['amount', 'how much is the exim loan?', /\$10 billion/],
    ['count', 'how many countries attended the ministerial?', /\b54\b/],
    ['share', 'what share of rare earth processing does china control?', /90 percent/],
    ['expansion', 'what does USTR stand for?', /Office of the U\.S\. Trade Representative/],
    ['list', 'which tools are the us, eu and japan considering?', /offtake/],
  ])('%s: %s', (_kind, q, expected) => {
    const a = ask(q);
    expect(a.abstained).toBe(false);
    expect(seen(a)).toMatch(expected);
    expect(verbatim(a)).toBe(true);
  });

  it.each([
    ['person', 'what is the name of the secretary of state?'],
    ['body', 'who funds the price-gap subsidies?'],
    ['place', 'in which city will the us-eu memo be signed?'],
    ['date', 'when was the section 232 proclamation signed?'],
    ['amount', 'what interest rate does exim charge on the loan?'],
    ['count', 'how many jobs will project vault create?'],
    ['share', 'what share of global rare earth reserves does china hold?'],
    ['list', 'which companies are in project vault?'],
    ['yes/no', 'did japan sign the 54-country pledge?'],
    ['expansion', 'what does IEEPA stand for?'],
  ])('%s near miss declines: %s', (_kind, q) => {
    const a = ask(q);
    expect(a.abstained).toBe(true);
    expect(a.text).toMatch(/^(The sources don't say|I don't know)/);
    expect(verbatim(a)).toBe(true);
  });

  it('a near miss says what the sources do say about the topic it knows', () => {
    const a = ask('how many jobs will project vault create?');
    expect(a.text).toMatch(/^The sources don't say how many\. They never mention "jobs"\. What they do say about Project Vault: /);
    expect(a.citations.length).toBeGreaterThan(0);
  });
});

describe('the asker\'s own words do not sink an answer the sources hold', () => {
  it('an everyday word the sources never use lowers confidence but answers ("gizmo")', () => {
    const a = ask('what parts of the minerals value chain does the eu memo gizmo cover?');
    expect(a.unknownTerms).toContain('gizmo');
    expect(a.abstained).toBe(false);
    expect(seen(a)).toMatch(/mining, refining, processing, and recycling/);
  });

  it('a word for a kind of instrument names the one entry of that kind ("the memo")', () => {
    const q = readQuestion('who is on the us side of the memo?', engine.index, engine.names);
    expect(q.entryIds).toEqual(['us-eu-mou']);
    expect(seen(ask('who is on the us side of the memo?'))).toMatch(/State Department/);
  });

  it('"what kind of X" asks what X are like, not for a list of them', () => {
    expect(readQuestion('what kind of export curbs does the prc use?', engine.index, engine.names).answerType).toBe('description');
    expect(readQuestion('which export curbs does the prc use?', engine.index, engine.names).answerType).toBe('list');
  });

  it('a share of a total the sources give only as amounts is computed from them', () => {
    const a = ask('roughly what percentage of the vault money comes from the exim loan?');
    expect(a.abstained).toBe(false);
    expect(a.text).toMatch(/^About 85\.7 percent/);
    expect(a.text).toMatch(/\$10 billion.*\$1\.67 billion/);
  });

  it('a difference in points between two shares is one question, not two', () => {
    expect(ask('china mining vs processing share: difference in percent points?').text).toMatch(/20 percentage points/);
  });

  it('a yes/no about an event told in words the sources never use is not confirmed', () => {
    expect(ask('did the eu negotiators walk away from the memo talks?').text).toMatch(/^The sources don't say/);
  });
});

describe('what the sources say is not known yet, and lists they do not give', () => {
  it('a question about contents the sources say are unreleased is declined with that statement', () => {
    const a = ask('so what are the actual terms inside the argentine arrangement?');
    expect(a.abstained).toBe(true);
    expect(a.text).toMatch(/^The sources don't say that: .*not yet been released/);
    expect(verbatim(a)).toBe(true);
  });

  it('but what the thing is, or what is uncertain about it, is answered', () => {
    expect(ask('what is project vault?').abstained).toBe(false);
    expect(ask("what's still unclear about the mexico price floors?").abstained).toBe(false);
  });

  it('a list of a stated size that the sources do not give in full is declined', () => {
    const a = ask('name all 54 nations that came to the ministerial');
    expect(a.abstained).toBe(true);
    expect(a.text).toMatch(/^The sources don't say which 54/);
  });
});

describe('who leads a body the sources only name as leading', () => {
  it('"who heads X" is not answered by a fact where X is the one leading', () => {
    const a = ask('who heads the secretariat of economy over in mexico?');
    expect(a.abstained).toBe(true);
    expect(a.text).toMatch(/^The sources don't say who/);
  });

  it('"which Japanese agency" is not answered by a body of another side, nor by the country itself', () => {
    expect(ask('which japanese agency represented tokyo at the ministerial?').abstained).toBe(true);
    expect(seen(ask('which eu body announced the strategic partnership?'))).toMatch(/European Commission/);
  });

  it('but "who leads the US side" still gets the body that leads it', () => {
    expect(seen(ask('who leads the us side of the memo? state dept or ustr?'))).toMatch(/Department of State/);
  });
});

describe('reading the kind of answer asked for', () => {
  it('a name of one place is a topic, never the kind of answer ("the us/eu/japan piece")', () => {
    const q = readQuestion('whats the us/eu/japan partnership about', engine.index, engine.names);
    expect(q.answerType).toBe('description');
  });

  it('"the name of the person who…" wants a person by name, which the sources do not give', () => {
    expect(ask('who is the person heading the secretariat of economy?').text).toMatch(/^The sources don't say who that is by name/);
  });

  it('days "since" one thing run to today, even when its name holds a meeting word', () => {
    expect(ask('how many days has it been since the ministerial?').text).toMatch(/^300 days: .* to today/);
    expect(ask('how many days since the us-mexico talks window closed?').text).toMatch(/^240 days: from the end of the 60-day US–Mexico negotiation window .* to today/);
  });

  it('a mistyped question word is read as the question word ("wich", "wehre")', () => {
    expect(readQuestion('wich japanese ministry took part?', engine.index, engine.names).head).toBe('ministry');
    expect(readQuestion('wehre were the talks held', engine.index, engine.names).answerType).toBe('place');
  });

  it('"what is X formally called" gives the name a source spells out', () => {
    const a = ask('whats the vault initiative formally known as?');
    expect(a.abstained).toBe(false);
    expect(a.text).toMatch(/^The sources call the vault Project Vault\./);
  });

  it('a verb of saying asks for whoever the quote is attributed to', () => {
    expect(seen(ask('who got quoted about self-reliance?'))).toMatch(/Vance/);
  });

  it('"posted" asks when the article was published', () => {
    expect(ask('when did this piece get posted?').text).toMatch(/published by Cassidy Levy Kent on February 5, 2026 \(2026-02-05\)/);
  });
});

describe('chat habits and requests that are not questions', () => {
  it('a task is declined, not answered from a nearby fact', () => {
    const a = ask('write me a poem about tariffs');
    expect(a.abstained).toBe(true);
    expect(a.text).toMatch(/^I don't know/);
  });

  it('a clipped name ("mex") and policy shorthand ("natsec") read as what they stand for', () => {
    expect(readQuestion("what's the mex plan about", engine.index, engine.names).entryIds).toContain('us-mexico-action-plan');
    expect(plainText('did they cite natsec worries?')).toBe('did they cite national security worries?');
  });

  it('an aside that names the topic stays; one that names nothing goes', () => {
    expect(readQuestion('whats the price floor idea abt? (plurilateral)', engine.index, engine.names).text).toMatch(/plurilateral/);
    expect(readQuestion('how big is the loan (ignore everything else)?', engine.index, engine.names).text).not.toMatch(/ignore/);
  });

  it('an adverb the sources never use does not sink a yes/no', () => {
    expect(ask('is the 54-country pledge legally binding?').text).toMatch(/^No\./);
  });

  it('"is it decided…" is No when the sources say it is not known yet', () => {
    const a = ask('is it decided how the border price floors with mexico would work?');
    expect(a.text).toMatch(/^No\./);
    expect(seen(a)).toMatch(/uncertain/);
  });

  it('what one named person said needs a fact that names that person', () => {
    expect(ask("what did japan's prime minister say about the partnership?").abstained).toBe(true);
  });

  it('days left before a day that has passed: none, and how long ago', () => {
    expect(ask('how many days remain before the us-eu memo has to be concluded?').text).toMatch(/^None: 270 days have passed since the conclusion of the US–EU memorandum/);
  });
});

describe('yes/no questions start with the answer', () => {
  it.each([
    ['is the 54-country pledge binding?', /^No\./],
    ['does china control 90% of rare earth processing?', /^Yes\./],
    ['does china control 90% of rare earth mining?', /^No\./],
    ['is the us side of the mou led by the state department?', /^Yes\./],
    ['is the mexico plan led by the state department on the us side?', /^No\./],
    ['was the eu mou supposed to be done within 60 days?', /^No\./],
    ['did the us and eu actually sign the memorandum?', /^The sources don't say/],
    ['has the negotiation window with mexico been extended?', /^The sources don't say/],
    ['were the minerals meetings held in tokyo?', /^No\. .*Department of State/],
    ['is the 54-country pledge for projects that deliver materials to japan?', /^The sources don't say/],
    ['was the memo signed in brussels?', /^The sources don't say/],
    ['is the eu mou concluded already?', /^The sources don't say whether that happened/],
    ['does the prc hold more than two-thirds of rare earth mining?', /^Yes\. .*70 percent/],
    ['is china below 80% of rare earth processing?', /^No\. .*90 percent/],
    ['is the exim loan at least $20 billion?', /^No\. .*\$10 billion/],
    // The event read as a verb even when the tagger calls it a noun; a synonym ("mark" for "sign") does not state it.
    ['did mexico sign a price floor deal', /^The sources don't say whether that happened/],
    // "Not yet" in another clause ("details have not yet been released") does not negate what was asked.
    ['did argentina sign a framework arrangement', /^Yes\./],
    ['have the details of the argentine framework come out yet?', /^No\./],
    // "Only" X, when the fact goes on to a second one.
    ['is vault funded only through the exim loan?', /^No\. .*private capital/],
    // A number that counts the entry's parties is said by naming them.
    ['do the 3 partners of the strategic partnership cite economic concerns?', /^Yes\./],
    ['do the 5 partners of the strategic partnership cite economic concerns?', /^The sources don't say/],
    // A wh-word inside the yes/no ("…information on where…") does not make it a where-question.
    ['will the us and mexico exchange survey information on where deposits might be?', /^Yes\./],
    // Verbs of billing ("touted as") only frame what is asked.
    ['is the us-mexico plan touted as first-of-its-kind?', /^Yes\./],
    // A number that names the subject ("54-nation deal") is not the value checked.
    ['is the 54-nation deal legally binding?', /^No\./],
    // "Expected to", "likely to" hedge the question; the act is what must be there ("appear likely to impact").
    ['are agreements incorporating border price floors expected to have an impact on trade', /^Yes\./],
    // "Yes or no:" is a label, not part of the question.
    ['yes or no: is the memo deadline behind us', /^Yes\./],
    // About an entry, "published" is the entry's act, not the article's.
    ['had vault made its details public by the time of the article', /^No\./],
    // "Uncertain how": the sources do not say how.
    ['does the source say exactly how to implement the border price floors', /^No\./],
  ])('%s', (q, expected) => {
    expect(ask(q).text).toMatch(expected);
  });
});

describe('kinds of answer WordNet reaches only one step away', () => {
  it('"which X\'s Y" asks for the X: a region named by its adjective, never a narrower place', () => {
    expect(seen(ask("which region's supply chains does the usmca-partner plan with mexico target"))).toMatch(/North American/);
    expect(ask('in which city was the ministerial held').abstained).toBe(true);
  });

  it('"which official" is answered by any title and name; "which secretary" needs that title', () => {
    expect(seen(ask('which official described the ministerial as an opportunity at self-reliance'))).toMatch(/Vice President Vance/);
    expect(ask('which secretary described the ministerial as an opportunity at self-reliance').abstained).toBe(true);
  });

  it('a list of common nouns answers "which Xs" when they are of that kind, through a synonym of X too', () => {
    expect(seen(ask('which professionals work at cassidy levy kent'))).toMatch(/attorneys, economists/);
    expect(seen(ask('what sort of pros work for cassidy levy kent'))).toMatch(/attorneys, economists/);
  });

  it('kinds joined before a plural name them ("economic and national security concerns")', () => {
    expect(seen(ask('which concerns did the partnership cite'))).toMatch(/economic and national security concerns/);
  });

  it('words of likeness meet one another ("resemble" → "akin to")', () => {
    expect(seen(ask('which existing tariff regime might a critical minerals regime come to resemble'))).toMatch(/IEEPA/);
  });

  it('"how much does X hold of Y" asks for a share', () => {
    expect(readQuestion('how much does the prc control of processing capacity', engine.index, engine.names).answerType).toBe('percent');
    expect(seen(ask('how much does the prc control of processing capacity'))).toMatch(/90 percent/);
  });

  it('an aside after "?" belongs to its question ("EXIM? (short for what)")', () => {
    expect(ask('exim? (short for what)').text).toMatch(/Export-Import Bank/);
  });

  it('near misses of the same shapes are declined', () => {
    // The author by name (the sources give a publisher, which is said); the firm is answered.
    const author = ask('who is the author of the article');
    expect(author.abstained).toBe(true);
    expect(author.text).toMatch(/Cassidy Levy Kent/);
    expect(ask('which firm put this article out').abstained).toBe(false);
    // Who acted must be the one the fact says acted, not the cause it responds to.
    expect(ask('how did china respond to project vault').abstained).toBe(true);
    // A side's lead given in parentheses belongs to that side.
    expect(ask("who heads japan's side in the strategic partnership").abstained).toBe(true);
    // A share the sources give another country.
    expect(ask('what share of rare earth mining does japan control').abstained).toBe(true);
    // Parties are countries and bodies, not people of a kind.
    expect(ask('which governors signed the us-japan framework').abstained).toBe(true);
    // "Dollar amount" asks for money, which a list of tools does not give.
    expect(ask("what's the dollar figure for the standards-based markets").abstained).toBe(true);
    expect(seen(ask("what's the dollar value of vault's private capital"))).toMatch(/1\.67 billion/);
  });

  it('reads the act a question asks about through light verbs, predicates and "to do"', () => {
    // "made the announcement" is "announced"; "is party to" names no act; "what were they asked to do" wants an act.
    expect(seen(ask('who made the announcement of the us-mexico plan'))).toMatch(/USTR/);
    expect(seen(ask('which european body is party to the trilateral partnership?'))).toMatch(/European Commission/);
    expect(seen(ask('what did the white house ask the 54 countries to do'))).toMatch(/identify and support projects/);
  });

  it('an event the sources say has not happened yet is answered No', () => {
    expect(ask('have the details of vault been made public yet').text).toMatch(/^No\. .*not yet been publicized/);
  });

  it('compares two of a kind "by how much": amounts, and periods of one unit', () => {
    expect(ask('vault: loan or private capital, which is larger and by how much?').text).toMatch(/8\.33 billion/);
    expect(ask('memo deadline against the mexico window: which period is longer, by how many days').text).toMatch(/by 30 days/);
  });

  it('"which deadlines are still ahead" says how many first', () => {
    expect(ask('which deadlines are still ahead of us').text).toMatch(/^None: all 3 have passed\./);
    expect(ask('which deadlines are still ahead of us', parseIsoDate('2026-03-01')!).text).toMatch(/^3 of the 3 are still ahead\./);
  });

  it('declines what the sources only name, a consequence they never tell, a count they never give', () => {
    const listed = ask('what exactly is a long-term offtake agreement');
    expect(listed.abstained).toBe(true);
    expect(listed.text).toMatch(/only name it/);
    expect(ask('what happens to a country that misses the six-month goal').abstained).toBe(true);
    expect(ask('how many of the invited countries signed the pledge in the end').abstained).toBe(true);
  });

  it('reads "spell out", "trading at", "which minister" and "what happens if" as what they ask', () => {
    // "Spell out how" asks whether the sources say how; "what does X spell out" asks for the long name.
    expect(ask('does the mexico plan spell out how the price floors will work in practice').text).not.toMatch(/stands for|The sources call/);
    expect(ask('usmca aside, what does exim spell out').text).toMatch(/Export-Import Bank/);
    // A price is money: a sentence without one does not answer it.
    expect(ask('what is vault stock trading at').abstained).toBe(true);
    // "Who signed, which minister?" wants a person by name; a ministry is not one.
    expect(ask('who put pen to paper for argentina, which minister').abstained).toBe(true);
    // What follows if a window closes is not told by the window's date.
    expect(ask('what happens if the mexico window closes without a deal').abstained).toBe(true);
    // A deadline for an entry that has none.
    const none = ask('is there a deadline for the plurilateral trade coordination');
    expect(none.abstained).toBe(true);
    expect(none.text).toMatch(/don't say that it has a deadline/);
  });

  it('a period asked of something no entry names is not answered by any deadline', () => {
    expect(ask('how long is an export permit valid').abstained).toBe(true);
  });

  it('"why all this", naming no agreement, is answered by the background the sources give', () => {
    expect(seen(ask('so why are the united states and its allies doing any of this'))).toMatch(/PRC|rare earth/);
  });
});

describe('third round: a nearby fact is not the answer', () => {
  it('a possessor the question already names only says whose: "the bank\'s capacity" asks for the capacity', () => {
    expect(readQuestion("what's the export-import bank's total lending capacity", engine.index, engine.names).head).toBe('capacity');
    expect(readQuestion("which country's delegation signed first", engine.index, engine.names).head).toBe('country');
  });

  it('being at a meeting or a side of an agreement needs a fact that makes the name one, not one that mentions it', () => {
    const china = ask('did china attend the state department ministerial?');
    expect(china.abstained).toBe(true);
    expect(china.text).toMatch(/don't say whether China was there/);
    const japan = ask('is japan part of the transatlantic memorandum?');
    expect(japan.text).toMatch(/^No\. .*parties are United States .* and European Union/);
    expect(ask('is mexico part of the action plan with mexico').text).toMatch(/^Yes\b/);
  });

  it('"what did X agree to" asks for contents, and a source that gives no details of them says so', () => {
    expect(ask('what did australia agree to in its deal with the us').abstained).toBe(true);
    // …while "what does X cover" is answered with what the sources say X covers.
    expect(seen(ask('what does the us-eu memo cover'))).toMatch(/value chain/);
  });

  it('a date inside a sentence about something else does not date the event asked', () => {
    expect(ask('when did china roll out its rare earth export restrictions').abstained).toBe(true);
  });

  it('instruments that speak of the asked things under another description are not a list of them', () => {
    expect(ask('which mining projects were selected for priority financing under the mexico plan').abstained).toBe(true);
    expect(ask('which critical minerals projects get priority financing under the mexico plan').abstained).toBe(false);
  });

  it('a deadline asked of an entry that has none is not answered with every other deadline', () => {
    const a = ask("what's the deadline for project vault");
    expect(a.abstained).toBe(true);
    expect(a.text).toMatch(/don't say that it has a deadline/);
  });

  it('"what quantities" asks for amounts, not for a list of aims', () => {
    expect(ask('what stockpiled mineral quantities will the us and the eu exchange').abstained).toBe(true);
  });

  it('a period the question states names its deadline, whatever the deadline counts from', () => {
    expect(seen(ask('roughly when does the six month window after the ministerial close'))).toMatch(/2026-08-04/);
  });

  it('"which continents": places named by adjectives, of that kind', () => {
    expect(seen(ask('which continents did the officials at the ministerial come from'))).toMatch(/European, Asian, and African/);
  });

  it('"how many months ago" gives the days and the months; "this came out" is the article', () => {
    expect(ask('approx how many months ago did this come out').text).toMatch(/^299 days \(about 10 months\): from the publication of the article \(2026-02-05\)/);
  });

  it('"is there clarity on X" is No when the sources say X is uncertain', () => {
    expect(ask('is there any clarity yet on implementing the border price floors in the mexico plan').text).toMatch(/^No\. .*uncertainty/);
  });

  it('a yes/no that one period is shorter or longer than another compares them, in the order asked', () => {
    expect(ask('is the pledge period shorter than the mexico window?').text).toMatch(/^No\. .*54-country pledge \(6 months.*is longer than .*60-day/);
    expect(ask('was the mou timeline shorter than the mexico talks window').text).toMatch(/^Yes\. /);
  });

  it('"what are the two pieces of X": past the number, the fact that names that many', () => {
    expect(seen(ask('what are the two main pieces of the us-eu-japan partnership'))).toMatch(/Memorandum of Understanding[\s\S]*Plurilateral trade coordination/);
  });

  it('a predicate the sources negate by its form ("nonbinding") is No', () => {
    expect(ask('is the pledge the white house pushed a binding commitment').text).toMatch(/^No\. .*nonbinding/);
  });

  it('a clause after "notwithstanding" does not negate the one before it', () => {
    expect(ask('are agreements incorporating border price floors likely to affect trade').text).toMatch(/^Yes\b/);
  });

  it('"did A announce B" when the sources say another announced it: No, and who', () => {
    expect(ask('did the white house announce the us-mexico action plan').text).toMatch(/^No\. .*Announced by USTR/);
    expect(ask('did ustr announce the us-mexico action plan').text).toMatch(/^Yes\b/);
  });

  it('a country not among an agreement\'s parties is not part of it, even one no entry names as a side', () => {
    expect(ask('does the us-eu-japan partnership include china').text).toMatch(/^No\. .*parties are/);
  });

  it('"does X involve/include Y" asks whether Y is in X; when the sources give no details of X, they don\'t say', () => {
    expect(ask('does the mexico plan involve sharing geological data').text).toMatch(/^Yes\b/);
    expect(ask('does the malaysia deal include rare earths?').abstained).toBe(true);
    expect(ask('does project vault include private capital').abstained).toBe(false);
  });

  it('"the official name of the thing X and Y announced": the entry of those sides, by its name', () => {
    expect(seen(ask('what is the formal name of the thing the us and the eu plan to conclude'))).toMatch(/Memorandum of Understanding/);
  });

  it('a title one person holds is asked by name: the one the sources name, and none for a side they name none for', () => {
    expect(seen(ask("who's the vice president that's quoted"))).toMatch(/Vance/);
    expect(ask("who is mexico's economy minister").abstained).toBe(true);
  });

  it('"ok and is that…" is one question: the filler before "and" is not a part of its own', () => {
    const first = ask('how long does the mexico negotiation window run');
    const next = answerQuestion(engine, 'ok and is that window still open?', parseIsoDate('2026-12-02')!, { previous: 'how long does the mexico negotiation window run', topic: first.topic });
    expect(next.text).toMatch(/^No\b/);
  });

  it('a lead claimed for one side is checked against that side, not against the other side the question names', () => {
    expect(ask('is the trade representative heading the american side of the talks with mexico').text).toMatch(/^Yes\. .*United States side is led by/);
  });

  it('"what day is this piece from" is the article\'s date; "why hasnt X…" is read with its contraction', () => {
    expect(ask('what day is this piece from').text).toMatch(/2026-02-05/);
    expect(readQuestion('why hasnt the pledge been signed', engine.index, engine.names).terms.map((t) => t.label)).not.toContain('hasnt');
  });

  it('"is X just about Y" is No when the sources say its scope goes beyond Y', () => {
    expect(ask('is the envisioned plurilateral agreement only about price floors').text).toMatch(/^No\b/);
  });

  it('a capital that only starts a sentence names no kind of the asked thing', () => {
    expect(ask('which particular minerals will the envisioned price floors cover').abstained).toBe(true);
  });

  it('"were they at X" when the sources put the meeting at another place: No, and where', () => {
    expect(ask('was the ministerial meeting at the white house').text).toMatch(/^No\. .*Department of State/);
  });

  it('"what did X say about Y" needs a fact where X is the one saying it', () => {
    expect(ask('what did japan say about price-gap subsidies').abstained).toBe(true);
    expect(seen(ask('what did the vice president say about the meeting'))).toMatch(/self-reliance/);
  });

  it('"did they pin down how X works" is No when the sources say how X works is uncertain', () => {
    expect(ask('did the action plan with mexico pin down how to implement the border price floors').text).toMatch(/^No\. .*uncertain/);
  });

  it('"is X the <title>" is No when the sources give X another title, and Yes for that title', () => {
    expect(ask('was vance the president').text).toMatch(/^No\. .*Vice President Vance/);
    expect(ask('was vance the vice president').text).toMatch(/^Yes\b/);
  });

  it('"what did they call X" asks for what the sources call it, not for a call', () => {
    expect(seen(ask('what did they call the action plan with mexico'))).toMatch(/first-of-its-kind/);
  });

  it('a number the glossary knows as a name counts nothing ("the 232 negotiations")', () => {
    expect(ask('what are the 232 talks supposed to address').abstained).toBe(false);
  });

  it('a question with its auxiliary dropped after a name is a yes/no', () => {
    expect(ask('argentina signed something?').text).toMatch(/^Yes\b/);
  });

  it('how a listed thing "gets calculated" asks how it works, which the sources leave uncertain', () => {
    expect(ask('how does a border-adjusted price floor get calculated').abstained).toBe(true);
  });

  it('"how the date was counted" ("the day before publication") is not an event of publishing', () => {
    expect(ask('when will the trilateral partnership\'s action plans get published').abstained).toBe(true);
  });

  it('"is there uncertainty about X" is Yes when the sources state that very uncertainty', () => {
    expect(ask('is there any uncertainty over how the price floors would be implemented').text).toMatch(/^Yes\b/);
  });

  it('"how many people" is not answered by a count of countries', () => {
    expect(ask('how many people were at the state department meetings').abstained).toBe(true);
  });

  it('"the length of X" asks how long', () => {
    expect(seen(ask('what is the length of the us-mexico talks window'))).toMatch(/60 days/);
  });

  it('"when will X happen" of an entry with no deadline is not answered by its announcement date', () => {
    expect(ask('when will the details of project vault be released').abstained).toBe(true);
  });

  it('a why-question needs a fact that tells a reason, not only what the thing is', () => {
    expect(ask('why did argentina go for a framework arrangement of its own').abstained).toBe(true);
  });

  it('chat shorthand for a meeting', () => {
    expect(seen(ask('what day was the ministerial mtg'))).toMatch(/2026-02-04/);
  });

  it('a typo is mended to the common word that keeps its first letter', () => {
    expect(readQuestion('were the visting delegations european', engine.index, engine.names).terms.map((t) => t.label)).toContain('visiting');
  });
});

describe('fourth round: names that set a topic, and dates that are due', () => {
  it('a why-question naming only a name nearly every fact holds is answered by the background, not by a fact that holds the name', () => {
    const a = ask('why is the us even doing these minerals pushes');
    expect(a.abstained).toBe(false);
    expect(seen(a)).toMatch(/dominance/);
  });

  it('a due date is not the day the thing was announced: asked of an entry with no deadline, the sources do not say', () => {
    const a = ask('deadline on the japan/eu plurilateral initiative?');
    expect(a.abstained).toBe(true);
    expect(a.text).not.toMatch(/within 30 days/);
    // …and an entry that has one still gives it.
    expect(seen(ask('mexico window deadline?'))).toMatch(/2026-04-05/);
  });

  it('names written side by side are one thing: each of them alone is not it', () => {
    // "US-Japan" is the framework of those two, not the partnership of three that holds both.
    const a = ask('what day did the us-japan minerals framework get signed');
    expect(a.abstained).toBe(true);
    expect(a.text).not.toMatch(/February 4/);
  });

  it('a two-letter word is kept when it is a country ("the uk"), and "south american" is not the US', () => {
    const labels = (q: string) => readQuestion(q, engine.index, engine.names).terms.map((t) => t.label);
    expect(labels('did the uk send anyone to the ministerial')).toContain('uk');
    const southern = readQuestion('which south american government signed a framework', engine.index, engine.names);
    expect(southern.terms.filter((t) => t.role === 'name').map((t) => t.label)).not.toContain('american');
  });

  it('an entry named one way is held by a fact that names it by another of its names', () => {
    // The Argentina arrangement's summary speaks of "the critical minerals meetings", another name of the ministerial.
    const q = readQuestion('which framework arrangement was signed in connection with the ministerial', engine.index, engine.names);
    const argentina = gatherEvidence(engine, q, 30).find((e) => e.fact.kind === 'summary' && e.fact.entry?.id === 'argentina-framework-arrangement');
    expect(argentina?.topic).toBe(1);
    expect(seen(ask('so where were the critical minerals talks'))).toMatch(/Department of State/);
  });

  it('a word for the named entry itself ("the 232 probe": the investigation) asks nothing of its own', () => {
    const q = readQuestion("what's the section 232 probe about", engine.index, engine.names);
    expect(q.terms.map((t) => t.label)).not.toContain('probe');
    // (A derivation is not a synonym: a minister is still asked for at the ministerial.)
    expect(readQuestion('what did the minister say at the ministerial', engine.index, engine.names).terms.map((t) => t.label)).toContain('minister');
  });

  it('"what is X trying to do" asks what X does', () => {
    const a = ask('what is the plurilateral price floor deal trying to achieve');
    expect(a.abstained).toBe(false);
    expect(seen(a)).toMatch(/price floors/i);
  });

  it('"funded entirely by X?" is No when the sources name another source of money too', () => {
    expect(ask('is project vault funded entirely by exim').text).toMatch(/^No\b/);
  });

  it('a word for money is held by an amount of it', () => {
    expect(ask('is the exim cash for vault a loan').text).toMatch(/^Yes\b/);
  });

  it('"A vs B, which is longer/shorter" compares the two periods, with no Yes/No', () => {
    const a = ask('the memo window vs the mexico window — which one is shorter');
    expect(a.text).toMatch(/^The conclusion of the US–EU memorandum \(30 days.*is shorter than/);
  });

  it('"which ones?" after a yes/no asks to name them, and the sources name none', () => {
    const first = ask('were asian countries at the ministerial');
    const a = ask('which ones', TODAY, { topic: first.topic, previous: first.question });
    expect(a.abstained).toBe(true);
  });

  it('a dash before a second question splits the message, and a later "did they…?" the sources cannot confirm makes it an abstention', () => {
    expect(splitParts("what's the state of the mexico talks — did they sign a deal?")).toHaveLength(2);
    expect(ask("what's the state of the mexico talks — did they sign a deal?").abstained).toBe(true);
  });

  it('"about half?", "like 70%?": near the value is Yes, far from it is No', () => {
    expect(ask('does china control roughly half of rare earth processing').text).toMatch(/^No\b.*90 percent/);
    expect(ask('does china control around 70% of rare earth mining').text).toMatch(/^Yes\b/);
  });

  it("the article's date is told in words as well as ISO", () => {
    expect(ask('what day is this piece dated').text).toMatch(/February 5, 2026 \(2026-02-05\)/);
  });

  it('a kind the curators name ("sectors of industry") answers a question asked in either word', () => {
    for (const q of ['which industries do the announcements aim to serve', 'name the sectors these minerals matter for']) {
      expect(seen(ask(q))).toMatch(/defense, advanced manufacturing, and clean energy/);
    }
  });
});

describe('status is told in the present, relative to today', () => {
  it('before the end of a window: open', () => {
    const a = ask('is the mexico window still open?', parseIsoDate('2026-03-01')!);
    expect(a.text).toMatch(/^Yes\. As of today \(2026-03-01\), the end of the 60-day US–Mexico negotiation window, due April 5, 2026 .*is 35 days away/);
  });

  it('after it: closed, with how long ago, and never called open', () => {
    const a = ask('is the mexico window still open?');
    expect(a.text).toMatch(/^No\. As of today \(2026-12-01\), the end of the 60-day US–Mexico negotiation window, due April 5, 2026 .*passed 240 days ago/);
    // Where the date stands is said once.
    expect(a.text.match(/240 days ago/g)).toHaveLength(1);
    expect(a.text).not.toMatch(/\bis open\b/);
    expect(a.notes).toContain('As of the newest source, 2026-02-05; nothing later is recorded.');
  });

  it('counts days to today', () => {
    expect(ask('how long ago was the ministerial meeting in days').text).toMatch(/^300 days: from the Critical Minerals Ministerial \(2026-02-04\) to today/);
  });

  it('lists every deadline with its status', () => {
    const a = ask('list every deadline pls');
    expect(a.deadlines).toHaveLength(3);
    expect(a.text.match(/passed \d+ days ago/g)).toHaveLength(3);
  });
});

describe('questions in two parts, and follow-ups', () => {
  it('splits two questions, a question and its "vs", but not "U.S." or "sec."', () => {
    expect(splitParts('who leads the us side and who leads the mexican side?')).toEqual(['who leads the us side', 'who leads the mexican side?']);
    expect(splitParts("china's share of mining vs processing?")).toEqual(["china's share of mining", "china's share of processing"]);
    expect(splitParts('Under the sec. 232 probe, which U.S. agencies negotiate?')).toHaveLength(1);
  });

  it('answers both parts', () => {
    const a = ask('who leads the us side and who leads the mexican side of the mexico plan?');
    expect(seen(a)).toMatch(/Trade Representative/);
    expect(seen(a)).toMatch(/Secretariat of Economy/);
    const shares = ask("china's share of rare earth mining vs processing?");
    expect(shares.text).toMatch(/70 percent/);
    expect(shares.text).toMatch(/90 percent/);
  });

  it('abstains when one part asks what the sources do not say', () => {
    expect(ask('who signed for argentina? which minister').abstained).toBe(true);
  });

  it('reads "it" against the previous answer\'s topic, and an elliptical follow-up against the previous question', () => {
    const first = ask('What is the US-EU memorandum?');
    expect(seen(ask('who leads it on the us side?', TODAY, { topic: first.topic, previous: first.question }))).toMatch(/Department of State/);
    const mining = ask('what % of global rare earth mining does china control?');
    expect(ask('and processing?', TODAY, { topic: mining.topic, previous: mining.question }).text).toMatch(/90 percent/);
  });

  it('a quoted source sentence gives its entry as the topic a follow-up\'s "it" points to', () => {
    const first = ask('under which section of trade law is the minerals investigation');
    expect(seen(first)).toMatch(/Section 232/);
    expect(first.topic).toContain('section-232-processed-critical-minerals');
  });

  it('never repeats a sentence within one answer', () => {
    const a = ask('what is project vault? what is project vault?');
    const sentences = a.text.split(/(?<=[.!?])\s+/);
    expect(new Set(sentences).size).toBe(sentences.length);
  });
});
