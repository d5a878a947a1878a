import { distinctBy } from '../../core/distinct.ts';
import type { DeadlineView } from '../../core/reply.ts';
import { uniqueCitations } from '../citations.ts';
import { daysBetween, longDate, type IsoDate } from '../dates.ts';
import { asOfNote, deadlineView } from '../deadlines.ts';
import { formatDuration, parseDuration } from '../durations.ts';
import type { Citation, Deadline, Entry, Figure } from '../model.ts';
import { nounKinds, senses } from '../language/wordnet.ts';
import { englishRank } from '../text/english.ts';
import { ANSWER_NOUNS, CONTENTS, CUES, DEADLINE_WORDS, EXPANSION, MONEY_WORDS, STATED_UNKNOWN, STOPWORDS, TASK_VERBS } from '../text/lexicon.ts';
import { foldText } from '../text/normalize.ts';
import { datesIn } from '../text/dates-in-text.ts';
import type { Fact } from '../retrieval/facts.ts';
import { stemSequence } from '../retrieval/index.ts';
import { entryNamed, namedIn, thingsNamed } from './evidence.ts';
import { stem, words } from '../text/tokenize.ts';
import {
  composeComparison,
  composeDeadlines,
  composeDifference,
  composeFact,
  composeInterval,
  composeRatio,
  composeShareOfTotal,
  composeSum,
  withDeadlineStatus,
  type Composition,
} from './compose.ts';
import type { Engine } from './engine.ts';
import { gatherEvidence, type Evidence } from './evidence.ts';
import { capitalise, listOf, lowerFirst, trimNumber } from './format.ts';
import { DERIVATION_CREDIT, SYNONYM_CREDIT, plainText, readQuestion, singular, type AnswerType, type Question, type Term } from './read.ts';

/**
 * The one path every question takes, each stage once: read it (topic, what is
 * asked, the kind of answer), gather evidence, decide, compose. A question in
 * two parts is answered part by part; a follow-up takes its topic from the
 * question before. When the topic is known but what is asked is not in the
 * sources, the answer says so and what the sources do say about the topic —
 * never a nearby fact as if it answered.
 */
export interface Answer {
  readonly question: string;
  readonly abstained: boolean;
  readonly text: string;
  readonly citations: readonly Citation[];
  readonly deadlines: readonly DeadlineView[];
  readonly notes: readonly string[];
  /** Ranked facts behind the answer: what an LLM may summarise from. */
  readonly evidence: readonly Evidence[];
  /** Words of the question that no source uses. */
  readonly unknownTerms: readonly string[];
  /** Entries the question was about, for a follow-up to refer to. */
  readonly topic: readonly string[];
}

export interface AnswerContext {
  /** Entries the conversation was about, from the previous answer. */
  readonly topic?: readonly string[];
  /** The previous question, for an elliptical follow-up ("and processing?" after "what share of mining…"). */
  readonly previous?: string;
}

/** A place or person WordNet knows by name ("canada", "india"), typed in lower case or not. */
function properName(word: string): boolean {
  const kinds = nounKinds(word, 1);
  return kinds.has('noun.location') || (kinds.has('noun.person') && senses(word, 'n')[0]?.pointers.some((p) => p.symbol === '@i') === true);
}

/** Verbs that ask what someone said, and the words that tell that something was said. */
const SAYING_ASKED = /^(say|said|think|thought|state|stated|claim|claimed|argue|argued|feel|felt)$/;
const SAID = /\b(said|says|stated|characteri[sz]ed|described|called (?:it|for|the)|noted|warned|argued|told|remarked|explained|declared|emphasi[sz]ed|cited|citing)\b|["“]/i;

/** A yes/no about whether something is already known or decided. */
const SETTLED = /\b(settle[ds]?|decided?|clear|clarity|clarif(?:y|ied)|certain|certainty|definite|known|determined?|finali[sz]e[ds]?|work(?:ed)? out|figure[ds]? out|nail(?:ed)? down|spell(?:ed)? out|pin(?:ned)? down|public|released|published|disclosed|out yet)\b/;

const NUMERIC: ReadonlySet<AnswerType> = new Set<AnswerType>(['money', 'count', 'percent', 'quantity']);

/** Least share of the asked part a fact must hold to answer it; a yes/no must hold more, as it asserts all of it. */
const MIN_ASKED = 0.45;
const MIN_ASKED_YES_NO = 0.7;
const MIN_COVERAGE = 0.45;
/** A second fact of the same entry joins the answer when it ranks this close to the first. */
const SUPPORT_RATIO = 0.8;

export function answerQuestion(engine: Engine, text: string, today: IsoDate, context: AnswerContext = {}): Answer {
  // A pronoun and nothing of its own ("what did she mean?", "which ones?"): the question is about the answer before.
  if (context.previous && refersBack(readQuestion(text, engine.index, engine.names))) {
    // "Which ones?" after a yes/no ("were African countries there?") asks to name them: the earlier question as a "which".
    const before = readQuestion(context.previous, engine.index, engine.names);
    const naming = /^\W*(?:ok\s+|so\s+|and\s+)?(?:which|who|what)\b/i.test(text) && before.yesNo;
    const again = naming ? asWhich(context.previous, before.head ?? before.terms.find((t) => t.noun)?.label) : context.previous;
    return { ...answerQuestion(engine, again, today, { ...(context.topic ? { topic: context.topic } : {}) }), question: text.trim() };
  }
  const elided = context.previous ? completeEllipsis(context.previous, text, engine) : undefined;
  if (elided) return { ...answerQuestion(engine, elided, today, { ...(context.topic ? { topic: context.topic } : {}) }), question: text.trim() };
  // "A vs B — gap in points?": a computation over both sides is one question.
  const parts = splitParts(text, !computes(text));
  // A part that names nothing is about what the other parts name ("who chairs the first body and who chairs the second in the talks").
  const reads = parts.map((p) => readQuestion(p, engine.index, engine.names));
  const named = parts.length > 1 ? reads.map((r) => r.entryIds).find((ids) => ids.length > 0) : undefined;
  let topic = named ?? context.topic ?? [];
  const answers: Answer[] = [];
  const weighty: boolean[] = [];
  for (const [i, part] of parts.entries()) {
    const read = reads[i]!;
    // A statement before a question ("The framework has two pieces. What are they?") sets the topic; it is not answered.
    if (i < parts.length - 1 && isStatement(part)) {
      if (read.entryIds.length > 0) topic = read.entryIds;
      continue;
    }
    // "list pls", "give me the list": a request about the part before, with nothing of its own to answer.
    const own = read.terms.length > 0 || read.answerType !== 'description' || read.yesNo;
    if (!own && answers.length > 0) continue;
    const a = answerPart(engine, read, today, topic);
    answers.push(a);
    // A later part counts against the whole only if it is a question of its own asking for a kind of thing ("which minister?").
    // (So does a later "did they sign it?": whether the thing happened is then what the message is after.)
    weighty.push(answers.length === 1 || !['description', 'reason'].includes(read.answerType) || (read.yesNo && outcome(read)));
    if (a.topic.length > 0) topic = a.topic;
  }
  if (answers.length === 1) return { ...answers[0]!, question: text.trim() };
  return {
    question: text.trim(),
    // A part with something of its own to ask that the sources cannot answer makes the whole an abstention
    // (a second part asking for a named person the sources never name); the answered parts are still shown.
    abstained: answers.every((a) => a.abstained) || answers.some((a, i) => a.abstained && weighty[i]),
    text: distinctSentences(answers.map((a) => a.text).join(' ')),
    citations: uniqueCitations(answers.flatMap((a) => a.citations)),
    deadlines: distinctBy(answers.flatMap((a) => a.deadlines), (d) => d.id),
    notes: [...new Set(answers.flatMap((a) => a.notes))],
    evidence: answers.flatMap((a) => a.evidence),
    unknownTerms: [...new Set(answers.flatMap((a) => a.unknownTerms))],
    topic,
  };
}

function answerPart(engine: Engine, read: Question, today: IsoDate, previous: readonly string[]): Answer {
  let q = read;
  // "Write me a script…": a task, not a question the sources answer.
  if (TASK_VERBS.test(foldText(q.text))) return decline(engine, { ...q, entryIds: [] }, []);
  if (q.entryIds.length === 0 && previous.length > 0 && followsUp(q)) q = inheritTopic(q, previous, engine);
  const evidence = gatherEvidence(engine, q);
  const done = (c: Composition): Answer => answered(engine, q, evidence, c);

  // A date or period asked of entries the sources give none for: they don't say (not a nearby date).
  const undated = undatedAsk(engine, q, evidence);
  if (undated) return notInSources(engine, q, evidence, undated);
  // ("Mexico's window vs the memo's, which is longer?" compares the two periods as a yes/no's claim would.)
  const whichPeriod = !q.yesNo && WHICH_PERIOD.test(foldText(q.text));
  const combined = q.yesNo || whichPeriod ? (periodClaim(engine, q, today) ?? (q.yesNo ? undefined : combine(engine, q, evidence, today))) : combine(engine, q, evidence, today);
  if (combined) return done(combined);
  if (q.answerType === 'expansion') return expand(engine, q, evidence);
  // Sources carry a publisher, not a byline: asked for the author by name, they don't say, and who published it is what they do say.
  const firm = /\b(firm|publisher|published|publish|company|outlet|site|website|put (?:it|this) out)\b/i.test(q.text);
  if (!firm && q.entryIds.length === 0 && /\b(author|authors|authored|writer|byline|who wrote|wrote (?:this|it|the))\b/i.test(q.text)) {
    const source = documentAnswer(engine, { ...q, answerType: 'description' }, evidence);
    if (source) return notInSources(engine, { ...q, entryIds: [] }, [], `who wrote it by name: ${lowerFirst(source.text)}`, source.citations);
  }
  // (A yes/no naming an entry asks what that entry did — "had X made its details public?" — not about the article.)
  const aboutDocument = q.yesNo && q.entryIds.length > 0 ? undefined : documentAnswer(engine, q, evidence);
  if (aboutDocument) return done(aboutDocument);
  // Nothing asked of its own and no topic from before: nothing to answer ("what are they?" with a topic is answered below).
  // (A bare "why?" about all of it is answered by the background the sources give.)
  if (q.entryIds.length === 0 && !q.terms.some((t) => !t.inherited) && q.answerType !== 'reason') return decline(engine, q, evidence);

  // "What happens if the window runs out?": a consequence needs a fact that tells one, not the deadline itself.
  if (CONSEQUENCE.test(foldText(q.text)) && !evidence.some((e) => e.asked >= MIN_ASKED && TELLS_CONSEQUENCE.test(foldText(e.fact.text)))) return decline(engine, q, evidence);
  // "Is there a deadline for X?" when X has none: the sources give none.
  if (q.yesNo && /\b(deadline|due date|time ?limit|timeline|timeframe|cut-?off)\b/.test(foldText(q.text)) && q.entryIds.length > 0 && q.entryIds.every((id) => (engine.kb.entry(id)?.deadlines.length ?? 0) === 0)) {
    return notInSources(engine, q, evidence, 'that it has a deadline');
  }
  const deadline = deadlineAnswer(engine, q, evidence, today);
  if (deadline) return done(deadline);

  // A yes/no asserts every word of it, and a figure measures what is named: a thing the sources never mention
  // (a country, a mineral, "reserves") cannot be confirmed or measured.
  // (A word asking whether something is settled — "is there clarity on…" — is how the question asks, checked below.)
  // (A word for money is said by an amount of it: "is the vault money a loan" asks of "$10 billion".)
  const amountTold = evidence.some((e) => e.topic >= 0.75 && /\$\s?\d/.test(e.fact.text));
  const unknown = q.terms.filter((t) => !t.known && t.role === 'word' && !t.inherited && !(t.focus && ANSWER_NOUNS.has(t.label)) && !(q.yesNo && SETTLED.test(t.label)) && !(amountTold && MONEY_WORDS.test(t.label)) && !(q.yesNo && ONLY_ONE.test(t.label)));
  // "Was China at the ministerial?", "is Japan part of the MOU?": being a side needs a fact that makes that name one, not one that only mentions it.
  const outsider = q.yesNo ? membership(engine, q, evidence) : undefined;
  if (outsider && !outsider.listed) return notInSources(engine, q, evidence, `whether ${outsider.name} was there`);
  const parties = outsider ? (engine.index.entryFacts.get(outsider.entry.id) ?? []).map((i) => engine.index.facts[i]!).find((f) => f.kind === 'parties') : undefined;
  if (parties) return done({ ...composeFact(parties, q, today), text: `No. ${composeFact(parties, q, today).text}` });
  // "Is Vance the president?" when the sources give him another title ("Vice President Vance"): No, and the title they give.
  const titled = q.yesNo ? otherTitle(q, evidence) : undefined;
  if (titled) return done({ ...composeFact(titled.fact, q, today), text: `No. ${composeFact(titled.fact, q, today).text}` });
  // "Did the State Department announce the Mexico plan?" when the sources say who did, and it is another: No, and who.
  const actor = q.yesNo ? otherActor(engine, q) : undefined;
  if (actor) return done({ ...composeFact(actor, q, today), text: `No. ${composeFact(actor, q, today).text}` });
  // "Is it legally binding?" when the topic's facts call it nonbinding: No.
  const opposite = q.yesNo ? contradicted(q, evidence) : undefined;
  if (opposite) return done({ ...composeFact(opposite.fact, q, today), text: `No. ${composeFact(opposite.fact, q, today).text}` });
  // "Was it held in <a place>?" when the sources say it was held at another: No, and where.
  const contrasted = q.yesNo && !outcome(q) ? contrast(q, evidence) : undefined;
  if (contrasted) return done({ ...composeFact(contrasted.fact, q, today), text: `No. ${composeFact(contrasted.fact, q, today).text}` });
  // "A grant or a loan?": whichever of the two the sources hold (an option they never mention is simply not it).
  if (q.yesNo) {
    const choice = alternatives(q, evidence);
    if (choice) return done({ ...composeFact(choice.evidence.fact, q, today), text: `${capitalise(choice.word)}: ${composeFact(choice.evidence.fact, q, today).text}` });
  }
  // A figure of something never mentioned ("reserves"); a yes/no about a name never mentioned ("Canada").
  if (NUMERIC.has(q.answerType) && unknown.some((t) => t.noun)) return decline(engine, q, evidence);
  // (…nor an act the sources never name: "is the firm repping miners?")
  if (q.yesNo && unknown.some((t) => t.focus || (t.verb && (englishRank(t.label) ?? Infinity) > 20000) || properName(t.label))) return decline(engine, q, evidence);
  // "Does <a deal> cover <a thing>?" when the sources give no details of that deal at all: they don't say.
  if (q.yesNo && /\b(?:cover|include|involve|contain|entail)s?\b/.test(foldText(q.text))) {
    const entry = topicEntry(engine, q, evidence);
    const none = entry ? (engine.index.entryFacts.get(entry.id) ?? []).map((i) => engine.index.facts[i]!).find((f) => STATED_UNKNOWN.test(foldText(f.text)) && /\b(?:details?|terms|specifics|contents)\b/.test(foldText(f.text))) : undefined;
    // (A fact that holds what is asked answers all the same: "does Project Vault include private capital?")
    const asked = q.terms.filter((t) => !t.inherited && (t.role === 'word' || (t.role === 'name' && entry !== undefined && !t.entryIds.includes(entry.id))));
    const held = evidence.some((e) => e.fact.entry === entry && !STATED_UNKNOWN.test(foldText(e.fact.text)) && asked.every((t) => (e.matched.get(t) ?? 0) >= (t.role === 'name' ? 1 : 0.5)));
    if (none && !held) return notInSources(engine, q, evidence, `that: ${lowerFirst(composeFact(none, q, today, false).text)}`, none.citations);
  }
  // "Is it settled how the floors would work?": No, when the sources say that is not known yet.
  if (q.yesNo && SETTLED.test(foldText(q.text))) {
    const entry = topicEntry(engine, q, evidence);
    const statement = entry ? unknownStatement(engine, q, evidence, entry) : undefined;
    if (statement) return done({ ...composeFact(statement, q, today), text: `No. ${composeFact(statement, q, today).text}` });
  }
  // "Did they sign it?": only a fact that says it was done answers; "called upon to sign" and "plan to conclude" do not.
  if (q.yesNo && outcome(q)) {
    // "…when the article was written?": what the sources say of its stage then.
    // ("…already?", "…yet?": as of the sources, the latest they know.)
    // ("…yet?" asks about today, which the sources cannot tell: that is not answered by their stage.)
    const then = /\b(when the (?:article|piece|report) (?:was )?(?:written|published|came out)|at the time|as of the (?:article|sources?)|back then|at publication|at the (?:meeting|ministerial|summit|talks))\b/i.test(q.text);
    const stage = then ? q.entryIds.map((id) => engine.kb.entry(id)?.status).find((st) => st !== undefined) : undefined;
    if (stage && ['planned', 'negotiating', 'envisioned', 'announced', 'under-investigation'].includes(stage.stage)) {
      return done({ text: `No: as of the sources (${engine.kb.asOf}), ${lowerFirst(stage.text)}`, citations: stage.citations, deadlines: [], timely: false });
    }
    // An event told in words the sources never use ("wrap up", "walk out") is not one they report.
    const untold = unknown.some((t) => !/ly$/.test(t.label));
    // A deadline says when something is due, never that it happened.
    const done_ = untold ? undefined : evidence.find((e) => e.topic >= 0.75 && e.asked >= MIN_ASKED_YES_NO && e.fact.kind !== 'deadline' && asserts(e, q));
    // "Have the details been published?" when a fact says they "have not yet been publicized": No.
    const denied = done_ ? undefined : evidence.find((e) => e.topic >= 0.75 && e.fact.kind !== 'deadline' && denies(e, q));
    if (denied) return done({ ...composeFact(denied.fact, q, today), text: `No. ${composeFact(denied.fact, q, today).text}` });
    if (!done_) return notInSources(engine, q, evidence, 'whether that happened');
  }
  if (q.yesNo && !outcome(q)) {
    const checked = checkStatedValue(engine, q, evidence, today);
    if (checked) return done(checked);
  }
  // "What's in it?", "how will it be enforced?": when the sources say that is not known yet, they don't say it.
  const unknownYet = statedUnknown(engine, q, evidence);
  if (unknownYet) return notInSources(engine, q, evidence, `that: ${lowerFirst(composeFact(unknownYet, q, today, false).text)}`, unknownYet.citations);
  const minAsked = q.yesNo ? MIN_ASKED_YES_NO : MIN_ASKED;
  // A yes/no asserts every name in it: a fact that lacks one of those names does not confirm it.
  // (So does a person asked of a named side: one side's official is not an official of another side.)
  const namesHeld = (e: Evidence) => (!q.yesNo && q.answerType !== 'person') || q.terms.every((t) => (t.role !== 'name' && !(t.role === 'word' && properName(t.label))) || t.inherited || (e.matched.get(t) ?? 0) >= 0.5);
  // "How many signed": a number of those called upon to sign is not a number of signers.
  const counted = (e: Evidence) => !NUMERIC.has(q.answerType) || asserts(e, q, true);
  // What one named official said: a fact that never names such an official is not what they said.
  // (One person, "president", "minister"; not a group such as "officials".)
  const people = q.answerType === 'description' ? q.terms.filter((t) => t.role === 'word' && t.noun && !t.focus && !t.inherited && singular(t.label) === t.label && nounKinds(t.label, 1).has('noun.person')) : [];
  // The person's own word: "ministerial" is not a minister.
  const peopleHeld = (e: Evidence) => people.every((t) => (e.matched.get(t) ?? 0) >= 1);
  // "How did China respond?": the one who acted must be in the fact's own words, not only the entry it belongs to.
  const { actors, verb } = actorsOf(q);
  const actorsHeld = (e: Evidence) => {
    const seq = stemSequence(e.fact.text);
    // What someone said needs something said: a verb of saying or a quotation, not only an act of theirs.
    if (verb && SAYING_ASKED.test(verb) && !SAID.test(e.fact.text)) return false;
    // …as the one acting, before the act ("the PRC responded"), not after it ("in response to the PRC's dominance").
    const at = verb ? seq.indexOf(` ${stem(verb).slice(0, 4)}`) : -1;
    // (One of several is enough: "Mexico and the US" are often told as "USTR and the Government of Mexico".)
    // The fact's own entry may be told as "it".
    const others = actors.filter((t) => !(e.fact.entry && t.entryIds.includes(e.fact.entry.id)));
    return others.length === 0 || others.some((t) => namedIn(t, at >= 0 ? seq.slice(0, at + 1) : seq));
  };
  // A date in a sentence about something else ("background to the February 2026 initiatives") dates that, not the event asked:
  // a date told in a fact's text answers only when the fact holds the event as fully as a yes/no must.
  const dated = (e: Evidence) => q.answerType !== 'date' || e.fact.kind === 'when' || e.fact.kind === 'deadline' || e.asked >= MIN_ASKED_YES_NO;
  const usable = evidence.filter((e) => e.fills && e.holdsFocus && dated(e) && peopleHeld(e) && e.topic >= 0.75 && e.asked >= minAsked && e.coverage >= MIN_COVERAGE && numbersHold(e, q) && measuresWhatIsAsked(e, q) && namesHeld(e) && counted(e) && actorsHeld(e));
  let best = usable[0];
  if (!best) return decline(engine, q, evidence);
  // "What is X, how does it work?" when the sources only list X among others: they name it, no more.
  const listed = definitionAsked(q) ? listedOnly(best, q) : undefined;
  if (listed) return notInSources(engine, q, evidence, `what that is or how it works: they only name it, as one of ${listed}`, best.fact.citations);
  if (q.answerType === 'date' && best.fact.kind !== 'when' && best.fact.kind !== 'deadline' && best.fact.entry?.when) {
    best = evidence.find((e) => e.fact.kind === 'when' && e.fact.entry === best!.fact.entry) ?? best;
  }
  // "What exact day": a date the sources give only to the week is not an answer to it.
  if (best.fact.kind === 'when' && best.fact.entry?.when?.precision === 'estimated' && /\b(exact|exactly|specific|precise|precisely)\b/i.test(q.text)) {
    return notInSources(engine, q, evidence, `the exact day: ${lowerFirst(composeFact(best.fact, q, today, false).text)}`);
  }

  // A deadline says when something was due, not that it happened: whether an event took place by then is not answered by it,
  // nor is "what came out of the talks".
  if ((q.yesNo || q.answerType === 'description' || q.answerType === 'reason') && best.fact.kind === 'deadline') {
    return notInSources(engine, q, evidence, `whether that happened: ${lowerFirst(composeFact(best.fact, q, today, false).text)}`);
  }
  // "List all 54 countries": a fact that names fewer is not the list asked for.
  // The number must count the head ("all 54 countries"), not name a law ("the 232") or modify another noun ("the 54 countries' projects").
  // (A number the glossary knows as a name — "the 232 negotiations" — counts nothing.)
  const counts = (n: string) => q.head !== undefined && !(Number(n) >= 100 && engine.names.has(n)) && new RegExp(`\\b${n}\\s+(?:[a-z-]+\\s+)?${q.head}\\b`, 'i').test(q.text);
  const spelled = Object.entries(COUNT_WORDS).filter(([w]) => counts(w)).map(([, n]) => n);
  const asked = q.answerType === 'list' ? Math.max(0, ...spelled, ...q.numbers.filter(counts).map(Number).filter((n) => Number.isInteger(n) && n < 1000)) : 0;
  // "The two pieces of X": of the facts that answer, one naming just that many things.
  if (asked > 1) best = usable.find((e) => thingsNamed(e.fact, q) === asked) ?? best;
  if (asked > 1 && thingsNamed(best.fact, q) < asked) return notInSources(engine, q, evidence, `which ${asked} they are: they do not list them all`);
  let composition = composeFact(best.fact, q, today);
  const support = usable.find(
    (e) => e !== best && e.fact.entry && e.fact.entry === best.fact.entry && e.rank >= best.rank * SUPPORT_RATIO && e.fact.kind !== 'when' && e.fact.kind !== best.fact.kind && !q.yesNo,
  );
  if (support && best.fact.kind !== 'deadline') composition = join(composition, composeFact(support.fact, q, today, false));
  if (q.answerType === 'list') {
    // "Which forums…": things of one kind that the sources name in separate entries, each as strong as the first.
    const peers = distinctBy(usable.filter((e) => e !== best && e.fact.entry && e.fact.entry !== best!.fact.entry && e.fact.kind === best!.fact.kind && e.rank >= best!.rank * 0.9), (e) => e.fact.entry!.id);
    for (const peer of peers.slice(0, 3)) composition = join(composition, composeFact(peer.fact, q, today));
  }
  const entry = best.fact.entry;
  if (entry && entry.deadlines.length > 0 && (q.cues.has('status') || best.fact.kind === 'status')) composition = withDeadlineStatus(composition, entry.deadlines, today);
  if (q.yesNo) composition = { ...composition, text: `${polarity(best, q)} ${composition.text}` };
  return done(composition);
}

/**
 * A yes/no that states a value the sources hold in a typed field — a figure
 * (a share, an amount), a period (a number of days), who leads a side (a
 * body named in the question) —
 * is answered by comparing: Yes when the value is the source's, No with the
 * source's value when it is not.
 */
function checkStatedValue(engine: Engine, q: Question, evidence: readonly Evidence[], today: IsoDate): Composition | undefined {
  const onTopic = evidence.filter((e) => e.topic >= 0.75);
  // The facts of the entries the question names, or else of the entries its best evidence is about.
  const about = q.entryIds.length > 0 ? q.entryIds : [...new Set(onTopic.slice(0, 3).flatMap((e) => (e.fact.entry ? [e.fact.entry.id] : [])))];
  const named = about.flatMap((id) => (engine.index.entryFacts.get(id) ?? []).map((i) => engine.index.facts[i]!));
  // "More than half of mining?": a share compared with the source's.
  const compared = comparison(q.text);
  if (compared) {
    const wordsHeld = (e: Evidence) => [...e.matched].filter(([t]) => t.role === 'word').reduce((sum, [t, m]) => sum + t.weight * m, 0);
    const figure = onTopic.filter((e) => e.fact.figure && e.fact.figure.unit === compared.unit && e.asked >= 0.4).sort((a, b) => wordsHeld(b) - wordsHeld(a))[0];
    if (figure) {
      const value = figure.fact.figure!.value;
      // (Near means within a tenth of the value, or five points of a share.)
      const near = Math.abs(value - compared.value) <= Math.max(compared.value * 0.1, compared.unit === 'percent' ? 5 : 0);
      const holds = compared.approx ? near : compared.above ? (compared.inclusive ? value >= compared.value : value > compared.value) : compared.inclusive ? value <= compared.value : value < compared.value;
      const c = composeFact(figure.fact, q, today);
      return { ...c, text: `${holds ? 'Yes.' : 'No.'} ${c.text}` };
    }
  }
  // "Is the N-country deal binding?": a number that names what is asked about ("N-country") is not what is checked.
  const naming = (n: string) => new RegExp(`\\b${n.replace('.', '\\.')}-[a-z]+\\s+(?!(?:deadline|window|period|term|timeline|timeframe|limit)\\b)[a-z]{3,}`, 'i').test(q.text) && !/\b(days?|weeks?|months?|years?)\b\s*\??\s*$/i.test(q.text);
  if (q.numbers.length > 0 && !q.numbers.every(naming)) {
    const stated = (text: string) => q.numbers.some((n) => new RegExp(`(?<![\\d.])${n.replace('.', '\\.')}(?![\\d])`).test(text));
    // The figure whose label holds most of the question's words: "90% of mining" is about mining, whatever the 90.
    const wordsHeld = (e: Evidence) => [...e.matched].filter(([t]) => t.role === 'word').reduce((sum, [t, m]) => sum + t.weight * m, 0);
    // …and that holds every place or person the question names.
    const named_ = (e: Evidence) => q.terms.every((t) => !(t.role === 'word' && properName(t.label)) || (e.matched.get(t) ?? 0) >= 0.5);
    const figure = onTopic.filter((e) => e.fact.figure && e.asked >= 0.4 && named_(e)).sort((a, b) => wordsHeld(b) - wordsHeld(a))[0];
    if (figure) {
      const c = composeFact(figure.fact, q, today);
      return { ...c, text: `${stated(figure.fact.figure!.text) ? 'Yes.' : 'No.'} ${c.text}` };
    }
    // About the period itself, not about what came of it (an outcome question never reaches here).
    const deadline = [...named, ...onTopic.map((e) => e.fact)].find((f) => f.deadline && (q.entryIds.length === 0 || q.entryIds.includes(f.deadline.entryId)) && /\b(days?|weeks?|months?|years?)\b/i.test(q.text));
    if (deadline) {
      const d = deadline.deadline!;
      const c = composeFact(deadline, q, today);
      return { ...c, text: `${stated(String(d.duration.amount)) && new RegExp(`\\b${d.duration.unit.replace(/s$/, '')}`, 'i').test(q.text) ? 'Yes.' : 'No.'} ${c.text}` };
    }
  }
  if (/\b(led|lead|leads|leading|headed|heads|heading|run|runs|running|ran|in charge)\b/i.test(q.text)) {
    const leads = (named.length > 0 ? named : onTopic.map((e) => e.fact)).filter((f) => f.kind === 'party' && f.party?.lead);
    // The side the question names, or the only side whose lead the sources give.
    const party = leads.find((f) => nameIn(q, f.party!.name)) ?? (leads.length === 1 ? leads[0] : undefined);
    if (party) {
      const lead = words(party.party!.lead!).map(stem);
      const entryNames = party.entry ? [party.entry.name, ...party.entry.aliases].map((n) => stemSequence(n)) : [];
      const aboutEntry = (t: Term) => (party.entry !== undefined && t.entryIds.includes(party.entry.id)) || (t.role === 'name' && entryNames.some((n) => namedIn(t, n)));
      // The claimed leader is a name, and not one of the entry's sides (the other side may be named as the talks' partner).
      const sides = party.entry?.parties ?? [];
      const claimed = q.terms.filter((t) => t.role === 'name' && !t.inherited && !aboutEntry(t) && !sides.some((p) => nameIn(q, p.name, t)));
      const holds = claimed.length > 0 && claimed.every((t) => t.alternatives.some((alt) => alt.every((s) => lead.includes(s))));
      const c = composeFact(party, q, today);
      return { ...c, text: `${holds ? 'Yes.' : 'No.'} ${c.text}` };
    }
  }
  return undefined;
}

/** Prepositions that mark the same slot: "held in X" and "held at Y" name the same thing. */
const SLOT = (p: string): string => (p === 'in' || p === 'at' ? 'in|at' : p);

/**
 * A yes/no that puts a name in a slot ("held *in Brussels*", "deliver *to
 * China*") where a fact on the topic, holding the rest of the question and
 * the same verb, puts another name ("held at the U.S. Department of State"):
 * that fact, to answer No.
 */
function contrast(q: Question, evidence: readonly Evidence[]): Evidence | undefined {
  const text = foldText(q.text);
  // A place or a party in the slot, not the entry the question is about.
  const names = q.terms.filter((t) => !t.inherited && t.entryIds.length === 0 && (t.role === 'name' || (t.role === 'word' && properName(t.label))));
  for (const n of names) {
    const slot = new RegExp(`\\b([a-z]+)\\s+(in|at|to|from|by|with|for)\\s+(?:the\\s+)?${foldText(n.label).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).exec(text);
    if (!slot) continue;
    // The word before the slot: a verb ("held in X"), or the end of an entry's name ("was the ministerial meeting at X").
    const verb = q.terms.find((t) => t.role === 'word' && t.label === slot[1]) ?? q.terms.find((t) => t.entryIds.length > 0 && foldText(t.label).endsWith(slot[1]!));
    if (!verb) continue;
    const others = q.terms.filter((t) => t !== n && t !== verb && t.role !== 'number' && !t.inherited);
    const fits = evidence.find(
      // The slot's name is the question's only claim the fact lacks: every other word and name it holds.
      (e) =>
        (e.matched.get(n) ?? 0) <= 0.5 &&
        (verb.entryIds.length > 0 ? e.fact.entry !== undefined && verb.entryIds.includes(e.fact.entry.id) : (e.matched.get(verb) ?? 0) >= 0.6) &&
        others.every((t) => (e.matched.get(t) ?? 0) >= 0.5) &&
        [...e.fact.text.matchAll(new RegExp(`\\b(?:${SLOT(slot[2]!)})\\s+(?:the\\s+)?([A-Z][\\w.’'-]*(?:\\s+(?:of|the|and)?\\s*[A-Z][\\w.’'-]*)*)([^.,;:]*)`, 'g'))].some(
          // "to the United States and its allies" leaves room for others: no contrast.
          (m) => !namedIn(n, stemSequence(m[1]!)) && !/\b(allies|partners|others|other countries|and more|such as|e\.g\.|including)\b/i.test(m[2]!),
        ),
    );
    if (fits) return fits;
  }
  return undefined;
}

/** "Is <name> the <title>?": a fact that puts a different title before that name ("Vice President Vance"). */
function otherTitle(q: Question, evidence: readonly Evidence[]): Evidence | undefined {
  const m = /^\s*(?:is|was)\s+([a-z][\w.-]*)\s+(?:the|a|an)\s+([a-z][a-z ]*?)\s*\??\s*$/i.exec(foldText(q.text));
  if (!m) return undefined;
  const [, name, title] = m as unknown as [string, string, string];
  for (const e of evidence.slice(0, 8)) {
    const given = new RegExp(`\\b((?:[A-Z][a-z]+\\s+){1,3})${name}\\b`, 'i').exec(e.fact.text)?.[1]?.trim().toLowerCase();
    // Only a title: words WordNet files as people ("vice president"), not a sentence's first word.
    if (given && given !== title && nounKinds(given.split(' ').at(-1)!, 1).has('noun.person') && (given.endsWith(title) || title.endsWith(given))) return e;
  }
  return undefined;
}

/**
 * "Did A announce B?": B's entry says by whom it was announced (signed, hosted…), and A is not among them.
 * That statement, to answer No. Only the agents after "by" count, not a place the statement also names.
 */
function otherActor(engine: Engine, q: Question): Fact | undefined {
  const verbs = q.terms.filter((t) => t.role === 'word' && t.verb && !t.inherited);
  const names = q.terms.filter((t) => t.role === 'name' && !t.inherited && t.entryIds.length === 0);
  if (verbs.length === 0 || names.length === 0) return undefined;
  for (const id of q.entryIds) {
    for (const f of (engine.index.entryFacts.get(id) ?? []).map((i) => engine.index.facts[i]!)) {
      const m = f.kind === 'announced' ? /^(\w+) by (.+?)(?: at | in | on |\.|$)/.exec(f.text) : null;
      if (!m || !verbs.some((v) => stem(v.label) === stem(m[1]!.toLowerCase()))) continue;
      const agents = stemSequence(m[2]!);
      // Named as the one acting, or as one of them: not a contradiction.
      if (names.some((t) => namedIn(t, agents))) return undefined;
      return f;
    }
  }
  return undefined;
}

/**
 * A yes/no whose predicate ("binding", "public") a fact on the topic negates by its form ("nonbinding",
 * "not public"): that fact. A question that is itself negated asks the other way and is left to the rest.
 */
function contradicted(q: Question, evidence: readonly Evidence[]): Evidence | undefined {
  const text = foldText(q.text);
  if (/\b(not|no|never|non|un)\b|n't\b|\bnon-?\w/.test(text)) return undefined;
  const predicates = q.terms.filter((t) => t.role === 'word' && !t.inherited && !t.noun && t.label.length > 3);
  for (const t of predicates) {
    const negated = new RegExp(`\\bnon-?${t.label}\\b|\\bnot\\s+(?:\\w+\\s+){0,2}${t.label}\\b`);
    const hit = evidence.find((e) => e.topic >= 0.75 && negated.test(foldText(e.fact.text)));
    if (hit) return hit;
  }
  return undefined;
}

/** Words that put someone at a meeting, as a party to it does. */
const PRESENCE = /\b(?:at|attend\w*|present|there|participat\w*|take part|took part|taking part|join(?:s|ed)?|show(?:s|ed)? up|in attendance|turn(?:s|ed)? up|represented)\b/;
const ATTENDED = /\b(?:attend\w*|in attendance|present|participat\w*|took part|take part|delegations?|represented|joined)\b/;
/** Words that make someone one of an agreement's sides. */
const MEMBERSHIP = /\b(?:includ(?:e|es|ed|ing)|part of|party to|a party|parties|members?(?: of)?|among|in on|involved in|participa\w*|join(?:s|ed)?)\b/;

/**
 * "Was China at the ministerial?", "does the MOU include Japan?": a country or
 * body the question makes one of an entry's sides or attendees, which none of
 * the entry's facts makes one. At a meeting the sources may not name every
 * attendee, so they don't say; an agreement's parties are all named, so No.
 */
function membership(engine: Engine, q: Question, evidence: readonly Evidence[]): { name: string; entry: Entry; listed: boolean } | undefined {
  const text = foldText(q.text);
  if (/\b(held|hosted|host|took place|take place|happen\w*|located|venue)\b/.test(text)) return undefined;
  for (const entry of q.entryIds.map((id) => engine.kb.entry(id))) {
    if (!entry) continue;
    const meeting = entry.kind === 'meeting';
    if (!(meeting ? PRESENCE : MEMBERSHIP).test(text) || (!meeting && entry.parties.length < 2)) continue;
    const own = q.terms.find((t) => t.entryIds.includes(entry.id));
    // A side somewhere in the knowledge base (a country, a body), named in the question besides the entry.
    const sides = engine.kb.entries.flatMap((e) => e.parties.flatMap((p) => [p.name, ...(p.lead ? [p.lead] : [])]));
    // (Or a country WordNet knows: an agreement's parties are all named, so one not among them is not a party.)
    const guests = q.terms.filter((t) => !t.inherited && t.role === 'name' && t !== own && t.entryIds.length === 0 && (meeting || sides.some((n) => namedIn(t, stemSequence(n))) || nounKinds(t.label, 1).has('noun.location')));
    // "Was China at the ministerial": the guest comes before the meeting; "was the ministerial at the White House" asks where it was.
    const at = (label: string) => foldText(q.text).indexOf(foldText(label).split(' ')[0]!);
    for (const g of guests.filter((t) => !meeting || own === undefined || at(t.label) < at(own.label))) {
      if (entry.parties.some((p) => namedIn(g, stemSequence(p.name)) || (p.lead !== undefined && namedIn(g, stemSequence(p.lead))))) continue;
      const facts = [...evidence.map((e) => e.fact), ...(engine.index.entryFacts.get(entry.id) ?? []).map((i) => engine.index.facts[i]!)];
      if (meeting && facts.some((f) => namedIn(g, stemSequence(f.text)) && ATTENDED.test(foldText(f.text)) && (f.entry === entry || (own !== undefined && namedIn(own, stemSequence(f.text)))))) continue;
      // Told as the asker wrote it, or capitalised when typed in lower case ("china" → "China").
      return { name: /[A-Z]/.test(g.label) ? g.label : capitalise(g.label), entry, listed: !meeting };
    }
  }
  return undefined;
}

const FRACTIONS: Readonly<Record<string, number>> = { half: 50, 'a half': 50, 'a third': 100 / 3, 'one third': 100 / 3, 'a quarter': 25, 'one quarter': 25, 'two thirds': 200 / 3, 'three quarters': 75 };

/** "more than half", "under 80%", "at least $5 billion": a bound a yes/no sets on a value. */
function comparison(text: string): { above: boolean; inclusive: boolean; approx?: boolean; value: number; unit: 'percent' | 'USD' } | undefined {
  const m = /\b(more than|over|above|greater than|at least|less than|under|below|fewer than|at most|about|around|roughly|like|nearly|approximately|close to)\s+(half|a half|a third|one third|a quarter|one quarter|two[- ]thirds|three[- ]quarters|\$\s?\d+(?:\.\d+)?\s*(?:billion|million)?|\d+(?:\.\d+)?\s*(?:%|percent|per cent))/i.exec(foldText(text));
  if (!m) return undefined;
  const bound = m[2]!.toLowerCase().replace('-', ' ');
  const above = /^(more than|over|above|greater than|at least)$/.test(m[1]!);
  const inclusive = /^at (least|most)$/.test(m[1]!);
  // "Like half", "about $10 billion": near the value, not above or below it.
  const approx = !above && !/^(less than|under|below|fewer than|at most)$/.test(m[1]!);
  if (bound in FRACTIONS) return { above, inclusive, approx, value: FRACTIONS[bound]!, unit: 'percent' };
  const n = Number(/\d+(?:\.\d+)?/.exec(bound)![0]);
  if (bound.startsWith('$')) return { above, inclusive, approx, value: n * (/billion/.test(bound) ? 1e9 : /million/.test(bound) ? 1e6 : 1), unit: 'USD' };
  return { above, inclusive, approx, value: n, unit: 'percent' };
}

/** Whether the question names this party (or, with `term`, whether that term is the party's name). */
function nameIn(q: Question, party: string, term?: Term): boolean {
  const stems = words(party).map(stem);
  const isParty = (t: Term) => t.role === 'name' && t.alternatives.some((alt) => alt.length > 0 && alt.every((s) => stems.includes(s)));
  return term ? isParty(term) : q.terms.some(isParty);
}

/** "Is it a grant or a loan?": the one alternative the best fact on the topic holds, when it holds only one. */
function alternatives(q: Question, evidence: readonly Evidence[]): { word: string; evidence: Evidence } | undefined {
  const m = /\b(?:an?\s+|the\s+)?([a-z][a-z-]+)\s+or\s+(?:an?\s+|the\s+)?([a-z][a-z-]+)\s*\??\s*$/i.exec(q.text);
  if (!m || /^(not|nah|no|yes|nope)$/i.test(m[2]!)) return undefined;
  const options = [m[1]!, m[2]!].map((w) => q.terms.find((t) => t.label === w.toLowerCase() || t.typed === w.toLowerCase())).filter((t): t is Term => t !== undefined);
  if (options.length !== 2) return undefined;
  for (const e of evidence.filter((x) => x.topic >= 0.75).slice(0, 5)) {
    const held = options.filter((t) => (e.matched.get(t) ?? 0) >= 0.6);
    if (held.length === 1) return { word: held[0]!.label, evidence: e };
  }
  return undefined;
}

/** "Did all 54 sign…", "has the MOU been concluded…": a yes/no about whether an event happened. */
function outcome(q: Question): boolean {
  return (
    /^\s*(?:(?:so|and|but|ok)\s+)?(did|has|have|had|(?:is|are|was|were) .+ \w+ed(?:\s+(?:yet|already|now))?\s*\??\s*$)/i.test(q.text) &&
    !/\b(supposed|expected|planned|meant|due|scheduled|led|based|held|hosted|called|described|characterized)\b/i.test(q.text) &&
    // ("Is there <doubt> over how X would be done": the participle is in a clause the question is about, not an event asked.)
    !/^\W*(?:is|are|was|were)\s+there\b.*\b(?:how|whether|what|where|why)\s+.+\b(?:would|will|could|might|should|can|to)\b/i.test(q.text) &&
    q.terms.some((t) => t.focus || t.role === 'word')
  );
}

/** The fact states the asked event as done: its verb not only in "to sign", "plan to conclude", "will…". */
function asserts(e: Evidence, q: Question, verbsOnly = false): boolean {
  const text = foldText(e.fact.text);
  const held = q.terms.filter((t) => t.role === 'word' && (e.matched.get(t) ?? 0) >= 0.6);
  // The verbs, when the tagger found any; else every word held.
  // Whether something happened: every word that tells the event (not a thing) must be there, as itself or a derivation;
  // a number's verb, when the fact holds it.
  const tagged = q.terms.filter((t) => t.role === 'word' && !t.inherited && !t.noun && !/ly$/.test(t.label));
  // The tagger may read the event as a noun ("did Mexico *sign* a deal"): then the first word that English uses as a verb tells it.
  const verbLike = tagged.length > 0 ? undefined : q.terms.find((t) => t.role === 'word' && !t.inherited && !t.focus && singular(t.label) === t.label && senses(t.label, 'v').length > 0);
  const events = verbLike ? [verbLike] : tagged;
  // ("How many did they ask to sign": "sign" is what they were asked; the count is of those asked, which the fact tells as "to sign" too.)
  const infinitive = (t: Term) => new RegExp(`\\bto\\s+${t.label}\\b`, 'i').test(q.text);
  if (verbsOnly && held.some((t) => t.verb) && held.filter((t) => t.verb).every(infinitive)) return true;
  const verbs = verbsOnly ? held.filter((t) => t.verb) : events.length > 0 ? events : held;
  // A number's verb the fact does not hold ("how many signed" against a fact that only dates the pledge) is not asserted.
  if (verbsOnly && verbs.length === 0) {
    // The number's verb held only in the fact's context (its quoted sentence): asserted there, or not at all.
    // ("asked to sign": the infinitive is what they were asked, not what they did.)
    const told = q.terms.filter((t) => t.role === 'word' && t.verb && !t.inherited && !GENERIC_EVENT.test(t.label) && !new RegExp(`\\bto\\s+${t.label}\\b`, 'i').test(q.text));
    const quoted = foldText(e.fact.citations.map((c) => c.quote).join(' '));
    return told.every((t) => realised(quoted, t));
  }
  if (verbs.length === 0) return false;
  return verbs.every((t) => {
    // A synonym only ("extended" for "opening") does not state the event.
    // (A number's verb may be a synonym: "how much did EXIM lend" is told by "a loan from EXIM".)
    if (!verbsOnly && (!t.noun || t === verbLike) && (e.matched.get(t) ?? 0) < DERIVATION_CREDIT) return false;
    return realised(text, t);
  });
}

/** Where the text uses the term's word, at least once as done ("signed"), not only as still to happen ("to sign", "will be signed"). */
function realised(text: string, t: Term): boolean {
  const stemmed = stem(t.label).slice(0, 4);
  const uses = [...text.matchAll(new RegExp(`(\\S+\\s+)?(\\S+\\s+)?\\b${stemmed}\\w*`, 'g'))];
  return uses.length === 0 || uses.some((m) => !/\b(to|will|would|may|might|plan|plans|intend|intends|expected|upon|yet)(?:\s+be)?\s+$/.test(`${m[1] ?? ''}${m[2] ?? ''}`));
}

/** A question for what something is or how it works ("what's an X", "how would X work"). */
function definitionAsked(q: Question): boolean {
  if (q.yesNo || q.entryIds.length > 0 || (q.answerType !== 'description' && q.answerType !== 'list')) return false;
  return /^(?:\W*(?:so|and|ok|hey)\s+)?(?:what(?:'s|s|\s+(?:exactly\s+|actually\s+|really\s+)?(?:is|are))\s+(?:exactly\s+|actually\s+)?(?:a|an|the)?\b|define\b|explain\b)|\bhow (?:does|do|would|will|could|might) .+ work\b|\bwhat does .+ mean\b|\bwhat (?:would |will |could |might )?(?:triggers?|sets? off|activates?)\b|\bhow (?:is|are|would|will|does|do) .+ (?:get |be )?(?:calculated|computed|set|measured|triggered)\b/i.test(foldText(q.text));
}

/** The question's words all fall in one item of a list the fact gives ("…, standards-based markets, price-gap subsidies, and…"): the items it is listed with. */
function listedOnly(e: Evidence, q: Question): string | undefined {
  const words_ = q.terms.filter((t) => t.role === 'word' && (e.matched.get(t) ?? 0) >= 0.6).map((t) => stem(t.label).slice(0, 4));
  if (words_.length === 0) return undefined;
  for (const m of e.fact.text.matchAll(/(?:such as|including|include|includes)\s+([^.;]+?,[^.;]+?,?\s+(?:and|or)\s+[^.;]+)/gi)) {
    const items = m[1]!.split(/,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+/).map((i) => i.trim()).filter(Boolean);
    // Named things, a few words each — not clauses.
    if (items.length < 3 || items.some((i) => i.split(/\s+/).length > 5)) continue;
    const holder = items.find((i) => words_.every((w) => new RegExp(`\\b${w}`, 'i').test(i)));
    if (holder && items.length >= 3) return `${items.length} things the sources list: ${items.join(', ')}`;
  }
  return undefined;
}

/** Questions for what follows from something, and the words a fact tells a consequence with. */
const CONSEQUENCE = /\bwhat (?:happens|would happen|will happen|happened) (?:to|if|when|for)\b|\bconsequences?\b|\bwhat if\b/;
const TELLS_CONSEQUENCE = /\b(if|unless|otherwise|in the event|would face|will face|penalt\w*|sanction\w*|consequences?|results? in|leads? to|fail(?:s|ure)? to)\b/;

/** Verbs that tell no event of their own ("how many were there", "how many took part" is told by the figure). */
const GENERIC_EVENT = /^(be|is|are|was|were|have|has|had|do|does|did|get|got|go|went|take|took|attend|attended|participate|participated|come|came|involve|involved|include|included)$/;

/** The names that are the subject of a "how did X <verb>" question: who acted. */
function actorsOf(q: Question): { actors: Term[]; verb?: string } {
  // (An active verb: in "how is X characterized" X is what is acted on.)
  // ("What did <a side> say about X": likewise the one saying.)
  const m =
    /\bhow\s+(?:did|does|do|will|would|has|have|had|could|might|should)\s+(.+?)\s+([a-z]+)\s*(?:[?.!]|$|\s(?:to|with|in|on|at|after|about|against)\b)/i.exec(q.text) ??
    /\bwhat\s+(?:did|does|do|has|have|had)\s+(.+?)\s+(say|said|think|thought|state|stated|claim|claimed|argue|argued|feel|felt)\b/i.exec(q.text);
  if (!m) return { actors: [] };
  const subject = stemSequence(m[1]!);
  return { actors: q.terms.filter((t) => t.role === 'name' && namedIn(t, subject)), verb: m[2]!.toLowerCase() };
}

/** The fact says the asked event has not happened: its verb (or a synonym of it) right after a negation ("not yet been released"). */
function denies(e: Evidence, q: Question): boolean {
  const text = foldText(e.fact.text);
  const events = q.terms.filter((t) => t.role === 'word' && !t.inherited && (t.verb || !t.noun) && (e.matched.get(t) ?? 0) >= SYNONYM_CREDIT);
  return events.some((t) => [...t.related.keys()].some((s) => new RegExp(`\\b(?:not|never|no longer)\\s+(?:yet\\s+)?(?:been\\s+|be\\s+)?${s.slice(0, 5)}\\w*`).test(text)));
}

/** "Were Asian officials at it?" → "which Asian officials were at it": the auxiliary after the thing asked about. */
function asWhich(yesNo: string, head: string | undefined): string {
  const m = /^\W*(?:(?:so|and|but|ok)\s+)?(were|was|are|is|did|do|does|have|has|had)\s+(.+)$/i.exec(yesNo);
  if (!m) return yesNo;
  const [, aux, rest] = m;
  const at = head ? new RegExp(`^(.*?\\b${head})\\b(.*)$`, 'i').exec(rest!) : null;
  return at ? `which ${at[1]} ${aux}${at[2]}` : `which ${rest}`;
}

/** The question asks for a difference, ratio or sum of what it names, or which of two periods is longer. */
function computes(text: string): boolean {
  const folded = foldText(plainText(text));
  return CUES.difference.test(folded) || CUES.ratio.test(folded) || CUES.sum.test(folded) || WHICH_PERIOD.test(folded);
}

/** "Which is longer?", "which one's shorter": one of two periods, asked by how long it is. */
const WHICH_PERIOD = /\bwhich(?: one)?(?: is|'s|s| has the)? (?:longer|shorter)\b|\bthe (?:longer|shorter) one\b/;

function isStatement(text: string): boolean {
  return /\.\s*$/.test(text) && !/^\s*(who|what|when|where|which|why|how|is|are|was|were|do|does|did|has|have|can|could|will|would|should)\b/i.test(text);
}

/** A pronoun ("he", "that", "those", "ones") and no specific word the sources use: the question is about the previous answer. */
function refersBack(q: Question): boolean {
  if (q.entryIds.length > 0 || !/\b(he|him|his|she|her|that|those|these|them|they|ones|this one|that one)\b/i.test(q.text)) return false;
  // A typed question ("how much was that worth?") asks something new of the topic, not the same again.
  if (!['description', 'list', 'reason'].includes(q.answerType) || q.yesNo) return false;
  return q.terms.every((t) => t.role !== 'name' && (!t.known || (englishRank(t.label) ?? Infinity) <= 1500));
}

/**
 * "and processing?", "what about the Mexican side?" after a full question:
 * the earlier question with its matching words replaced — the phrase ending
 * in the same noun ("the US side" → "the Mexican side"), or else its last
 * common noun ("mining" → "processing").
 */
function completeEllipsis(previous: string, text: string, engine: Engine): string | undefined {
  const m = /^\s*(?:(?:ok|so|and|but)\s+)?(?:and|what about|how about|same for|same with|and for|what of)\s+(.+?)\s*\??\s*$/i.exec(text);
  if (!m) return undefined;
  const fragment = m[1]!.trim();
  const fragmentWords = words(fragment);
  // ("and is that still open?" is a question of its own, not a fragment of the one before.)
  if (fragmentWords.length === 0 || fragmentWords.length > 5 || /\b(who|what|when|where|which|why|how)\b/i.test(fragment) || /^(?:is|are|was|were|do|does|did|has|have|had|will|would|can|could|should)\b/i.test(fragment)) return undefined;
  const prev = previous.replace(/\?\s*$/, '');
  const last = fragmentWords.at(-1)!;
  const same = new RegExp(`\\b(?:the\\s+|a\\s+|an\\s+)?(?:[\\w'’.-]+\\s+){0,${Math.max(0, fragmentWords.length - 1)}}${last}\\b`, 'i').exec(prev);
  if (same) return `${prev.slice(0, same.index)}${fragment}${prev.slice(same.index + same[0].length)}`;
  const q = readQuestion(prev, engine.index, engine.names);
  const nouns = q.terms.filter((t) => t.role === 'word' && t.noun && !t.focus);
  // The word of the same shape ("processing" for "mining"), else the last thing named.
  const target = nouns.find((t) => t.label.slice(-3) === last.slice(-3)) ?? nouns.at(-1);
  if (!target) return undefined;
  // A function, so that "$" in what the user typed is not read as a replacement pattern.
  return prev.replace(new RegExp(`\\b${target.typed ?? target.label}\\b`, 'i'), () => fragment);
}

/** "and who leads it?", "what about the EU one", or a question short enough to lean on the one before. */
function followsUp(q: Question): boolean {
  const own = q.terms.filter((t) => t.role !== 'number');
  // A short question leans on the one before, unless it brings a topic of its own the sources never mention ("lithium").
  return q.anaphoric || /^\s*(?:and|also|what about|how about|same for|ok and|so)\b/i.test(q.text) || (own.length <= 2 && own.every((t) => t.known));
}

function inheritTopic(q: Question, previous: readonly string[], engine: Engine): Question {
  const inherited: Term[] = previous.flatMap((id) => {
    const entry = engine.kb.entry(id);
    if (!entry) return [];
    // The entry's name and aliases as content-word phrases, as a name is matched anywhere else.
    const alternatives = [entry.name, ...entry.aliases].map((n) => stemSequence(n).trim().split(' ')).filter((a) => a.length > 0 && a[0] !== '');
    return [{ label: entry.name, role: 'name' as const, alternatives, related: new Map(), entryIds: [id], focus: false, weight: engine.index.maxIdf * 0.5, known: true, inherited: true }];
  });
  return { ...q, terms: [...q.terms, ...inherited], entryIds: [...previous] };
}

/**
 * A number answers for the thing it measures: every thing the question names
 * besides the kind of answer (a share *of what*) must be
 * in the fact, and a curated fact speaks for its own entry's subject only
 * ("what % does the *US* do" is not the PRC's share).
 */
function measuresWhatIsAsked(e: Evidence, q: Question): boolean {
  if (!NUMERIC.has(q.answerType)) return true;
  // "How many people": a count of countries is not a count of people.
  const counted = e.fact.figure?.unit === 'count' ? e.fact.figure.text.trim().split(/\s+/).at(-1)?.toLowerCase() : undefined;
  if (q.answerType === 'count' && counted && /^(people|persons|ppl|attendees|delegates|participants|officials|individuals)$/.test(q.head ?? '') && !nounKinds(singular(counted), 1).has('noun.person')) return false;
  const things = q.terms.filter((t) => t.role === 'word' && t.noun && !/ing$/.test(t.label) && !t.inherited && !(t.focus && ANSWER_NOUNS.has(t.label)));
  if (things.some((t) => (e.matched.get(t) ?? 0) < 0.5)) return false;
  const entry = e.fact.entry;
  const names = q.terms.filter((t) => t.role === 'name' && !t.inherited);
  if (!entry) {
    if (q.answerType !== 'percent') return true;
    // A share belongs to what the sentence names before it ("The PRC controls approximately 70 percent…").
    const before = stemSequence(e.fact.text.split(/\d/)[0] ?? '');
    return names.length === 0 || names.some((t) => namedIn(t, before));
  }
  // The entry's names and parties, and what the figure itself says it measures ("loan from the Export-Import Bank (EXIM)").
  return names.length === 0 || q.entryIds.includes(entry.id) || names.some((t) => entryNamed(t, e.fact));
}

/** The figures a question states must stand in the fact that answers it ("did Mexico agree to a floor of $50?"). */
function numbersHold(e: Evidence, q: Question): boolean {
  if (!q.yesNo || q.numbers.length === 0) return true;
  const text = `${e.fact.text} ${e.fact.citations.map((c) => c.quote).join(' ')}`;
  // A number the fact holds, or one it states another way ("the 3 partners" by naming its three parties).
  const stated = (n: string) => q.terms.some((t) => t.role === 'number' && t.label === n && (e.matched.get(t) ?? 0) >= 1);
  return q.numbers.every((n) => new RegExp(`(?<![\\d.])${n.replace('.', '\\.')}(?![\\d])`).test(text) || stated(n));
}

/** "Only X?", "funded entirely by X?", "all coming from X?": a claim that nothing else is. */
const ONLY_ONE = /\b(only|solely|exclusively|just|purely|entirely|wholly|completely|fully|100 ?%|100 percent)\b|\ball\s+(?:coming|from|by|funded|paid|financed)\b/;

/** Yes, or No when the fact holds the asked word negated ("nonbinding", "not yet", "no details"). */
function polarity(e: Evidence, q: Question): string {
  const fact = foldText(`${e.fact.text}`);
  const questionNegated = /\b(not|no|never|n't|without)\b|n't\b/.test(foldText(q.text));
  const askedWords = [...e.matched.keys()].filter((t) => t.role === 'word').map((t) => t.label);
  // "Not yet" negates what its own clause says ("details have not yet been released" says nothing against "signed").
  // (A stop after a capital is an abbreviation's: "U.S. Export-Import Bank" is one clause.)
  const clauses = e.fact.text.split(/[;:]\s|(?<![A-Z])\.\s|,\s(?:but|although|though|while|notwithstanding|despite|even though|however)\s/).map(foldText);
  // "Uncertainty about how to implement": what is uncertain is not said.
  // (The clause must hold what is asserted — the verb or adjective asked — not only the subject it is about.)
  const predicate = [...e.matched.keys()].filter((t) => t.role === 'word' && (t.verb || !t.noun)).map((t) => t.label);
  const negatable = predicate.length > 0 ? predicate : askedWords;
  // ("Is there uncertainty about…?" asks about the very uncertainty the fact states: that is a Yes.)
  const askedUnknown = /\b(?:uncertain(?:ty)?|unclear|undecided|not yet)\b/.test(foldText(q.text));
  const notYet = !askedUnknown && clauses.some((c) => /\bnot yet\b|\bhave not\b|\bhas not\b|\buncertain(?:ty)?\b|\bunclear\b|\bundecided\b/.test(c) && negatable.some((w) => new RegExp(`\\b${stem(w).slice(0, 4)}`).test(c)));
  // "Funded only by X?" when the fact's clause goes on to another ("by X and Y"): not only.
  const onlyOne = ONLY_ONE.test(foldText(q.text)) &&
    (clauses.some((c) => askedWords.some((w) => new RegExp(`\\b${stem(w).slice(0, 4)}\\w*\\b.*\\s(?:and|as well as|plus)\\s`).test(c))) ||
      // "Beyond price floors, its scope is broad": more than the one thing asked.
      askedWords.some((w) => new RegExp(`\\b(?:beyond|besides|other than|in addition to|apart from|aside from)\\s+(?:the\\s+)?(?:\\w+\\s+){0,2}${stem(w).slice(0, 4)}`).test(fact)));
  const negatedInFact = askedWords.some((w) => new RegExp(`\\bnon-?${w}|\\b(?:not|no|never|without)\\s+(?:\\w+\\s+){0,3}${w}`).test(fact)) || notYet || onlyOne;
  return negatedInFact !== questionNegated ? 'No.' : 'Yes.';
}

/** Who wrote the article, who published it, when: the sources' own metadata. */
function documentAnswer(engine: Engine, q: Question, evidence: readonly Evidence[]): Composition | undefined {
  // "When does the partnership's action plan get published?" asks about what the entry publishes, not the article.
  if (q.entryIds.length > 0 && !/\b(article|piece|report|post|source|this|writeup|write-up|blog)\b/i.test(q.text)) return undefined;
  // (A why-question asks for a reason, not for who published what: "why hasn't X put out the details".)
  if (q.answerType === 'person' || q.answerType === 'reason') return undefined;
  // A date or age asked of the article or piece itself: the article's own date.
  const dated = q.entryIds.length === 0 && /\b(?:date|day|when|how old)\b.*\b(?:this|the) (?:article|piece|report|post|writeup|write-up)\b|\b(?:article|piece|report|post)(?:'s| is)? (?:from|dated)\b/i.test(q.text);
  if (!dated && !/\b(who wrote|wrote (?:this|it|the)|author|authored|publish|published|publisher|posted|put online|went (?:up|online|live)|which (?:law )?firm|who is behind|who put (?:out|up)|put out (?:this|the)|whose (?:article|piece|report))\b/i.test(q.text)) return undefined;
  const fact = evidence.find((e) => e.fact.kind === 'source')?.fact ?? engine.index.facts.find((f) => f.kind === 'source');
  return fact ? { text: fact.text, citations: fact.citations, deadlines: [], timely: false } : undefined;
}

/** Deadline questions: when one is due, whether it has passed, or whether it is still open. */
function deadlineAnswer(engine: Engine, q: Question, evidence: readonly Evidence[], today: IsoDate): Composition | undefined {
  const wantsDeadline = q.answerType === 'date' || q.answerType === 'duration' || (q.cues.has('status') && (q.answerType === 'description' || q.yesNo));
  if (!wantsDeadline) return undefined;
  // A status question about several deadlines at once (a follow-up to a list of them): all of them, with where each stands.
  const several = q.terms.some((t) => t.inherited) ? q.entryIds.flatMap((id) => engine.kb.entry(id)?.deadlines ?? []) : [];
  if (several.length >= 2 && q.cues.has('status')) {
    const c = composeDeadlines(several, today);
    const passed = several.filter((d) => d.date < today).length;
    const lead = q.yesNo ? (passed > 0 ? `Yes: ${passed === several.length ? 'all' : passed} of the ${several.length} have passed.` : `No: none of the ${several.length} has passed.`) : '';
    return { ...c, text: `${lead} ${c.text}`.trim() };
  }
  // A due date asked in other words (a deadline word, or a duration): the deadline of what is named.
  const dueWords = DEADLINE_WORDS.test(foldText(q.text)) || q.answerType === 'duration';
  // A deadline of the entry the question names, not another one that counts from it.
  // ("The 6-month window from the ministerial": a period the question states names its deadline, whatever it counts from.)
  const period = parseDuration(q.text);
  const stated = (e: Evidence) => period !== undefined && e.fact.deadline!.duration.amount === period.amount && e.fact.deadline!.duration.unit === period.unit;
  const own = (e: Evidence) => q.entryIds.length === 0 || q.entryIds.includes(e.fact.deadline!.entryId) || stated(e);
  // (Naming no entry, the deadline must hold what is asked — "how long is a license valid" is not any period —
  // and as much of it as the best evidence, or near it.)
  const best = evidence[0]?.asked ?? 0;
  const hit = evidence.find((e) => e.fact.deadline && own(e) && e.topic >= 0.5 && (e.asked >= 0.4 || ((q.cues.has('status') || dueWords) && (q.entryIds.length > 0 || e.asked >= 0.2))) && (q.entryIds.length > 0 || e.asked >= best * 0.5));
  if (!hit || (evidence[0] && evidence[0].fact.kind === 'when' && q.answerType === 'date' && !q.cues.has('status'))) return undefined;
  const composition = composeFact(hit.fact, q, today);
  if (!q.yesNo) return composition;
  const d = hit.fact.deadline!;
  // A yes/no about where a date stands is answered from today's date; one about what came of it (an agreement reached) is not.
  if (!/\b(open|still|passed|past|over|closed|close|expired|ended|due|ahead|upcoming|gone|elapsed|lapsed|run out|behind us)\b/i.test(q.text)) return undefined;
  const passed = d.date < today;
  const asksOpen = /\b(open|still|ongoing|active|ahead|upcoming|running|live)\b/i.test(q.text);
  const yes = asksOpen ? !passed : passed;
  const days = Math.abs(daysBetween(d.date, today));
  const when = `${longDate(d.date)}${d.precision === 'estimated' ? ' (estimated)' : ''}`;
  const where = passed ? `it ended on ${when}, ${days} day${days === 1 ? '' : 's'} ago.` : d.date === today ? `it ends today, ${when}.` : `it ends on ${when}, in ${days} day${days === 1 ? '' : 's'}.`;
  // The composition already opens with where the date stands ("As of today…"): the Yes/No leads it, said once.
  const standing = /^As of today\b/.test(composition.text);
  return { ...composition, text: standing ? `${yes ? 'Yes' : 'No'}. ${composition.text}` : `${yes ? 'Yes' : 'No'}: ${where} ${composition.text}` };
}

/** "What does USTR stand for": the long name, quoted from a source that spells it out. */
function expand(engine: Engine, q: Question, evidence: readonly Evidence[]): Answer {
  // The name just before "stand for" (or the last one named) is the one to expand.
  const at = foldText(q.text).search(EXPANSION);
  const own = q.terms.filter((t) => t.role === 'name' && !t.inherited);
  const before = own.filter((t) => { const i = foldText(q.text).lastIndexOf(foldText(t.label).split(' ')[0]!); return i >= 0 && i < (at >= 0 ? at : Infinity); });
  // "The official name of <a thing described, not named>": its entry, by its name.
  const after = /\bof\s+(?:the\s+|this\s+|that\s+)?([a-z0-9-]+)/.exec(foldText(q.text).slice(Math.max(0, at)))?.[1];
  if (before.length === 0 && after !== undefined && !own.some((t) => words(t.label)[0] === words(after)[0])) {
    // (Described by its sides — "what A and B announced" — it is the entry with those parties.)
    const sidesNamed = (e: Entry) => e.parties.filter((p) => own.some((t) => namedIn(t, stemSequence(p.name)))).length;
    const bySides = [...engine.kb.entries].filter((e) => e.parties.length > 0 && sidesNamed(e) === e.parties.length).sort((a, b) => b.parties.length - a.parties.length)[0];
    const entry = bySides ?? topicEntry(engine, q, evidence);
    const summary = entry ? (engine.index.entryFacts.get(entry.id) ?? []).map((i) => engine.index.facts[i]!).find((f) => f.kind === 'summary') : undefined;
    if (summary) return answered(engine, q, evidence, composeFact(summary, q, engine.kb.asOf));
  }
  const short = before.at(-1) ?? own[0] ?? q.terms.find((t) => t.role === 'name');
  if (short) {
    const label = short.label;
    const same = (a: string) => words(a).join(' ') === words(label).join(' ');
    // The glossary's full name, else the entry's name or its longest alias that a source spells out.
    const longNames = [
      ...engine.kb.glossary.filter((g) => g.aliases.some(same) || same(g.name)).map((g) => g.name),
      ...short.entryIds.flatMap((id) => [engine.kb.entry(id)!.name, ...[...engine.kb.entry(id)!.aliases].sort((a, b) => b.length - a.length)]),
    ].filter((n) => foldText(n) !== foldText(label) && words(n).length > words(label).length);
    for (const long of longNames) {
      const needle = foldText(long).replace(/^the /, '');
      for (const source of engine.kb.sources) {
        for (const paragraph of source.paragraphs) {
          const sentence = paragraph.sentences.find((s) => foldText(s.text).includes(needle));
          if (!sentence) continue;
          const citation = { sourceId: source.id, sourceTitle: source.title, publisher: source.publisher, published: source.published, ...(source.url ? { url: source.url } : {}), paragraphId: paragraph.id, locator: `¶${paragraph.number}`, quote: sentence.text };
          // An abbreviation stands for its long name; a short name ("the Mexico plan") is called by it.
          const abbreviation = /^[a-z.&-]{2,8}$/i.test(label) && (label === label.toUpperCase() || englishRank(label.toLowerCase()) === undefined);
          const text = abbreviation ? `"${label.toUpperCase()}" stands for ${long}.` : `The sources call the ${label} ${long}.`;
          return answered(engine, q, evidence, { text, citations: [citation], deadlines: [], timely: false });
        }
      }
    }
    return notInSources(engine, q, evidence, `what "${label}" stands for: they use it without spelling it out`);
  }
  return decline(engine, q, evidence);
}

function answered(engine: Engine, q: Question, evidence: readonly Evidence[], c: Composition): Answer {
  const entries = [...new Set([...q.entryIds, ...evidence.slice(0, 1).flatMap((e) => (e.fact.entry ? [e.fact.entry.id] : entriesNamedIn(engine, e.fact.text)))])];
  return {
    question: q.text,
    abstained: false,
    text: distinctSentences(c.text),
    citations: c.citations,
    deadlines: c.deadlines,
    notes: c.timely ? [asOfNote(engine.kb)] : [],
    evidence,
    unknownTerms: unknownOf(q),
    topic: c.topic ?? (q.entryIds.length > 0 ? q.entryIds : entries),
  };
}

/** The entries a source sentence names (by name or alias): what a follow-up's "it" may mean after it is quoted. */
function entriesNamedIn(engine: Engine, text: string): string[] {
  const seq = stemSequence(text);
  const holds = (name: string) => {
    const n = stemSequence(name);
    return n.trim().split(' ').length >= 2 && seq.includes(n);
  };
  return engine.kb.entries.filter((e) => holds(e.name) || e.aliases.some(holds)).map((e) => e.id);
}

function unknownOf(q: Question): string[] {
  return q.terms.filter((t) => !t.known && t.role !== 'number' && !t.inherited).map((t) => t.typed ?? t.label);
}

/**
 * Declining. When the question's topic is known (it names an entry, or the
 * best evidence holds its names) the answer is "the sources don't say" and
 * what they do say about that topic; otherwise "I don't know".
 */
function decline(engine: Engine, q: Question, evidence: readonly Evidence[]): Answer {
  const what = WHAT_IS_MISSING[q.answerType] ?? (q.yesNo ? 'whether that is so' : 'that');
  const missing = unknownOf(q);
  const detail = missing.length > 0 ? ` They never mention ${listOf(missing.slice(0, 4).map((u) => `"${u}"`), 'or')}.` : '';
  if (topicEntry(engine, q, evidence)) return notInSources(engine, q, evidence, `${what}.${detail}`.replace(/\.\./, '.'));
  const topics = engine.kb.entries.filter((e) => e.kind !== 'forum' && e.kind !== 'background').map((e) => e.name);
  const text =
    q.terms.length === 0
      ? 'Ask me a question about the agreements I know, or try `help`.'
      : `I don't know: my sources don't answer that.${detail} I can answer questions about ${topics.slice(0, 6).join('; ')}, and more: try \`help\` or \`sources\`.`;
  return { question: q.text, abstained: true, text, citations: [], deadlines: [], notes: [], evidence, unknownTerms: missing, topic: [] };
}

const WHAT_IS_MISSING: Partial<Record<AnswerType, string>> = {
  person: 'who that is by name',
  agent: 'who that is',
  place: 'where',
  date: 'when',
  duration: 'how long',
  money: 'how much',
  count: 'how many',
  percent: 'what share',
  reason: 'why',
};

function topicEntry(engine: Engine, q: Question, evidence: readonly Evidence[]): Entry | undefined {
  const named = q.entryIds.map((id) => engine.kb.entry(id)).find((e) => e !== undefined);
  if (named) return named;
  // No name, but the best evidence holds the question's weightiest word: the topic is that fact's entry.
  const top = evidence[0];
  if (!top?.fact.entry || top.coverage < 0.35) return undefined;
  const heaviest = [...q.terms].sort((a, b) => b.weight - a.weight)[0];
  return heaviest && top.matched.has(heaviest) && heaviest.known ? top.fact.entry : undefined;
}

function notInSources(engine: Engine, q: Question, evidence: readonly Evidence[], what: string, saying: readonly Citation[] = []): Answer {
  const entry = topicEntry(engine, q, evidence);
  // "about Project Vault", "about the US–EU Memorandum…": a short proper name takes no article.
  const proper = entry !== undefined && /^[A-Z0-9][\w-]*(?:\s[A-Z0-9][\w-]*)?$/.test(entry.name);
  const about = entry ? ` What they do say about ${proper ? '' : 'the '}${entry.name.replace(/^the /i, '')}: ${entry.summary.text}` : '';
  return {
    question: q.text,
    abstained: true,
    text: `The sources don't say ${/[.!?:]$/.test(what.trim()) ? what.trim() : `${what.trim()}.`}${about}`,
    citations: uniqueCitations([...saying, ...(entry ? entry.summary.citations : [])]),
    deadlines: [],
    notes: [],
    evidence,
    unknownTerms: unknownOf(q),
    topic: entry ? [entry.id] : [],
  };
}

/**
 * A fact of the answer's entry that says what is asked is not known yet
 * ("details have not yet been released", "how exactly to implement … remains
 * uncertain"), for a question about its contents or workings.
 */
function statedUnknown(engine: Engine, q: Question, evidence: readonly Evidence[]): Fact | undefined {
  if (q.yesNo || q.cues.has('status') || !['description', 'list', 'reason'].includes(q.answerType)) return undefined;
  const text = foldText(q.text);
  // "What is still uncertain about…" asks for that very statement.
  if (!CONTENTS.test(text) || STATED_UNKNOWN.test(text) || /\b(uncertain|unknown|unclear|open questions?)\b/.test(text)) return undefined;
  const entry = topicEntry(engine, q, evidence);
  return entry ? unknownStatement(engine, q, evidence, entry) : undefined;
}

/**
 * The entry's statement that something is not known yet, fit for the question: one about the whole
 * ("no details have been released") fits any question about the contents; one about a part ("how to
 * implement the price floors remains uncertain") only a question about that part.
 */
function unknownStatement(engine: Engine, q: Question, evidence: readonly Evidence[], entry: Entry): Fact | undefined {
  const says = (f: Fact) => STATED_UNKNOWN.test(foldText(f.text));
  const whole = (f: Fact) => /\b(?:details?|terms|specifics|contents)\b/.test(foldText(f.text));
  const words = q.terms.filter((t) => t.role === 'word' && !t.inherited && t.known && !SETTLED.test(t.label));
  const part = (e: Evidence) => words.some((t) => (e.matched.get(t) ?? 0) >= 0.5);
  // The statement the question's words lead to first, else any the entry makes about the whole.
  const ranked = evidence.filter((e) => e.fact.entry === entry && says(e.fact) && (whole(e.fact) || part(e))).map((e) => e.fact);
  return ranked[0] ?? (engine.index.entryFacts.get(entry.id) ?? []).map((i) => engine.index.facts[i]!).find((f) => says(f) && whole(f));
}

/** Small counts as people spell them ("the two pieces"). */
const COUNT_WORDS: Readonly<Record<string, number>> = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

/**
 * A date or period asked of entries that have no deadline: what the sources don't say, or nothing when they
 * may. "What's the deadline for Project Vault?": none. "How long will X take", "when will X be done / made
 * public": an announcement date says when X was announced, not a step still to come. "When was X signed?" of an
 * entry with no date at all. A sentence that dates the very event with a written-out date (a newer source's
 * "will add gallium from July 1") still answers the last two; "this week saw the announcement" does not.
 */
function undatedAsk(engine: Engine, q: Question, evidence: readonly Evidence[]): string | undefined {
  if (q.yesNo || (q.answerType !== 'date' && q.answerType !== 'duration') || q.entryIds.length === 0) return undefined;
  const entries = q.entryIds.map((id) => engine.kb.entry(id));
  if (entries.some((e) => (e?.deadlines.length ?? 0) > 0)) return undefined;
  const text = foldText(q.text);
  if (q.answerType === 'date' && /\b(deadline|due date|due|cut-?off|time ?limit)\b/.test(text) && !/\b(all|every|each|list|deadlines|dates)\b/.test(text)) return 'that it has a deadline';
  const told = evidence.some((e) => e.fact.kind !== 'when' && e.fact.kind !== 'deadline' && e.asked >= MIN_ASKED_YES_NO && datesIn(e.fact.text).length > 0);
  if (told) return undefined;
  if (/\b(?:will|going to|gonna|expected to|supposed to)\b.*\b(?:done|finished|concluded|completed|wrapped up|over|take|last|end)\b|\bhow long (?:will|would|does|do|should)\b/.test(text)) {
    return q.answerType === 'duration' ? 'how long it will take' : 'when it will be done';
  }
  const ahead = /\bwhen (?:will|would|is .+ going to|are .+ going to|should)\b/.test(text);
  return q.answerType === 'date' && (ahead || entries.every((e) => !e?.when)) ? 'when' : undefined;
}

/** A deadline's period as told: "the conclusion of X (30 days, "within 30 days")". */
const period = (d: Deadline) => `the ${lowerFirst(d.label)} (${formatDuration(d.duration)}, "${d.phrase}")`;

/** A period in days, months counted as their average length: enough to say which of two is longer. */
const periodDays = (d: Deadline) => d.duration.amount * { day: 1, week: 7, month: 365.25 / 12, year: 365.25 }[d.duration.unit];

/**
 * "Is A's period shorter than B's?": the periods of the two entries the
 * question names, in the order it names them, compared as it claims.
 */
function periodClaim(engine: Engine, q: Question, today: IsoDate): Composition | undefined {
  const claim = /\b(shorter|longer)\b/.exec(foldText(q.text))?.[1];
  if (!claim) return undefined;
  // Each deadline by the question's words that name it (its entry, the entry's sides, its own label), in the question's order.
  const terms = q.terms.filter((t) => !t.inherited && t.role !== 'number' && !/^(shorter|longer|deadline|deadlines|window|period|timeline|timeframe)$/.test(t.label));
  const naming = engine.kb.deadlines
    .map((d) => {
      const entry = engine.kb.entry(d.entryId);
      const said = stemSequence([d.label, entry?.name ?? '', ...(entry?.aliases ?? []), ...(entry && entry.parties.length <= 2 ? entry.parties.map((p) => p.name) : [])].join(' . '));
      const hits = terms.map((t, i) => (t.entryIds.includes(d.entryId) || namedIn(t, said) ? i : -1)).filter((i) => i >= 0);
      return { d, first: hits[0] ?? Infinity, n: hits.length };
    })
    .filter((c) => c.n > 0)
    .sort((a, b) => a.first - b.first || b.n - a.n);
  const subject = naming[0];
  const other = naming.filter((c) => c.d.entryId !== subject?.d.entryId && c.first > (subject?.first ?? Infinity)).sort((a, b) => b.n - a.n || a.first - b.first)[0];
  if (!subject || !other || periodDays(subject.d) === periodDays(other.d)) return undefined;
  return comparedPeriods(subject.d, other.d, claim, today, q.yesNo);
}

function comparedPeriods(subject: Deadline, other: Deadline, claim: string, today: IsoDate, yesNo = true): Composition {
  const yes = claim === 'shorter' ? periodDays(subject) < periodDays(other) : periodDays(subject) > periodDays(other);
  const [long, short] = periodDays(subject) > periodDays(other) ? [subject, other] : [other, subject];
  return {
    text: yesNo || claim === 'longer'
      ? `${yesNo ? `${yes ? 'Yes' : 'No'}. ` : ''}${capitalise(period(long))} is longer than ${period(short)}.`
      : `${capitalise(period(short))} is shorter than ${period(long)}.`,
    citations: uniqueCitations([...long.citations, ...short.citations]),
    deadlines: [long, short].map((d) => deadlineView(d, today)),
    timely: false,
    topic: [subject.entryId, other.entryId],
  };
}

/** Questions that need two facts at once, answered when the evidence holds both. */
function combine(engine: Engine, q: Question, evidence: readonly Evidence[], today: IsoDate): Composition | undefined {
  const strong = evidence.filter((e) => e.coverage >= 0.3);
  const deadlineEvidence = distinctBy(strong.filter((e) => e.fact.deadline), (e) => e.fact.deadline!.id);
  // Every deadline, when asked for all of them, unless the question names an entry that has deadlines of its own.
  // ("What's the deadline?" naming nothing else asks for them all too; "the deadline for the action plans" does not.)
  const bare = /\b(?:the|a|any)\s+(?:deadline|due date)\b/.test(foldText(q.text)) && q.terms.every((t) => t.inherited || ANSWER_NOUNS.has(t.label));
  const all = (q.cues.has('allDeadlines') || bare) && !q.entryIds.some((id) => (engine.kb.entry(id)?.deadlines.length ?? 0) > 0);
  if (all && !q.cues.has('compareFirst') && !q.cues.has('compareLast') && !q.cues.has('daysBetween')) {
    const every = composeDeadlines(engine.kb.deadlines, today);
    // "Which are still upcoming / still open?": how many, first.
    if (!q.cues.has('status') || !/\b(upcoming|ahead|still|open|remain|remaining|left|not (?:yet )?passed|future|coming)\b/.test(foldText(q.text))) return every;
    const ahead = engine.kb.deadlines.filter((d) => d.date >= today);
    const n = engine.kb.deadlines.length;
    const lead = ahead.length === 0 ? `None: all ${n} have passed.` : `${ahead.length} of the ${n} ${ahead.length === 1 ? 'is' : 'are'} still ahead.`;
    return { ...every, text: `${lead} ${every.text}` };
  }
  // Deadlines of the entries named, and of entries whose parties the question names ("the Mexico deadline").
  // "The US-Mexico window": the entries whose parties the question names most of.
  const partiesNamed = (entry: Entry) => entry.parties.filter((p) => q.terms.some((t) => t.role === 'name' && namedIn(t, stemSequence(p.name)))).length;
  const mostNamed = Math.max(0, ...engine.kb.entries.filter((e) => e.deadlines.length > 0 && e.parties.length <= 2).map(partiesNamed));
  const partyNamed = (entry: Entry) => mostNamed > 0 && partiesNamed(entry) === mostNamed;
  const named = engine.kb.entries.filter((e) => q.entryIds.includes(e.id) || (q.cues.has('daysBetween') && e.deadlines.length > 0 && partyNamed(e) && e.parties.length <= 2)).flatMap((e) => e.deadlines);
  const deadlines: Deadline[] = all && deadlineEvidence.length < 2 ? [...engine.kb.deadlines] : distinctBy([...deadlineEvidence.map((e) => e.fact.deadline!), ...named], (d) => d.id);

  if (q.cues.has('daysBetween')) {
    const [a, b] = datedThings(engine, q, deadlines, today);
    if (a && b) {
      const views = deadlines.filter((d) => d.id === a.id || d.id === b.id).map((d) => deadlineView(d, today));
      const unit = /\bhow many months\b|\bmonths (?:ago|since|apart|between)\b/.test(foldText(q.text)) ? 'month' : /\bhow many weeks\b|\bweeks (?:ago|since|apart|between)\b/.test(foldText(q.text)) ? 'week' : 'day';
      const interval = composeInterval(a, b, views, unit);
      // "How many days are left" when the day has passed: none, and how long ago it was.
      const other = a.id === 'today' ? b : b.id === 'today' ? a : undefined;
      if (other && other.date < today && /\b(left|remain|remaining|until|till|to go)\b/.test(foldText(q.text))) {
        return { ...interval, text: `None: ${interval.text.replace(/^(\d+) days: from /, (_m, n: string) => `${n} days have passed since `).replace(/ to today \(\d{4}-\d\d-\d\d\)\.$/, ', as of today.')}` };
      }
      return interval;
    }
  }
  // "Which period is longer, and by how much?": two periods of one unit, compared.
  if (/\b(longer|shorter|longest|shortest)\b/i.test(q.text)) {
    // The periods the question states ("30 vs 60 days"), among all deadlines; else those the evidence holds.
    const stated = engine.kb.deadlines.filter((d) => q.numbers.includes(String(d.duration.amount)));
    const pair = (stated.length >= 2 ? stated : deadlines).slice(0, 2);
    if (pair.length === 2 && pair[0]!.duration.unit === pair[1]!.duration.unit && pair[0]!.duration.amount !== pair[1]!.duration.amount) {
      const [long, short] = [...pair].sort((a, b) => b.duration.amount - a.duration.amount) as [Deadline, Deadline];
      const unit = (n: number) => `${n} ${long.duration.unit}${n === 1 ? '' : 's'}`;
      const views = [long, short].map((d) => deadlineView(d, today));
      return {
        text: `The ${lowerFirst(long.label)} (${unit(long.duration.amount)}, "${long.phrase}") is longer than the ${lowerFirst(short.label)} (${unit(short.duration.amount)}, "${short.phrase}"), by ${unit(long.duration.amount - short.duration.amount)}.`,
        citations: uniqueCitations([...long.citations, ...short.citations]),
        deadlines: views,
        timely: false,
        topic: [long.entryId, short.entryId],
      };
    }
  }
  const wantsOrder = q.cues.has('compareFirst') || q.cues.has('compareLast');
  const inherited = q.terms.some((t) => t.inherited) && named.length >= 2;
  if (wantsOrder && (q.answerType === 'date' || q.cues.has('status') || all || inherited || /\b(deadline|due|come|comes|fall|falls|expire)/i.test(q.text)) && deadlines.length >= 2) {
    return composeComparison(deadlines, today, q.cues.has('compareLast') ? 'last' : 'first');
  }

  // A computation asked of a topic ("gap in pct points?" after the shares) may use that topic's figures.
  const computing = q.cues.has('difference') || q.cues.has('ratio') || q.cues.has('sum');
  const topicFigures = computing ? evidence.filter((e) => e.fact.figure && e.fact.entry && q.entryIds.includes(e.fact.entry.id)) : [];
  const figureEvidence = distinctBy([...strong.filter((e) => e.fact.figure), ...topicFigures], (e) => `${e.fact.figure!.entryId}#${e.fact.figure!.id}`);
  const lead = figureEvidence[0]?.fact.figure;
  if (!lead) return undefined;
  // "What share is left outside China's control": the rest of a share.
  if (q.answerType === 'percent' && lead.unit === 'percent' && /\b(outside|left|rest|remaining|remainder|everyone else|not (?:controlled|held|in|under))\b/i.test(q.text)) {
    const rest = trimNumber(100 - lead.value);
    return {
      text: `${lead.approximate ? 'About ' : ''}${rest} percent: the ${lead.label} is ${lead.text}, which leaves ${lead.approximate ? 'about ' : ''}${rest} percent.`,
      citations: lead.citations,
      deadlines: [],
      timely: false,
    };
  }
  const share = shareOfTotal(q, evidence);
  if (share) return share;
  const sameUnit = figureEvidence.filter((e) => e.fact.figure!.unit === lead.unit && e.fact.figure!.entryId === lead.entryId);
  const figures = sameUnit.slice(0, 2).map((e) => e.fact.figure!) as Figure[];
  if (figures.length < 2) return undefined;
  if (q.cues.has('ratio')) return composeRatio([figures[0]!, figures[1]!]);
  if (q.cues.has('difference')) return composeDifference([figures[0]!, figures[1]!]);
  if (q.cues.has('sum')) return composeSum(sameUnit.map((e) => e.fact.figure!), figureEvidence[0]!.fact.entry!.name);
  return undefined;
}

/**
 * "What % of the funding is private capital": no share is stated, but the
 * named entry has amounts of one unit and the question names one of them;
 * that one's share of their sum answers.
 */
function shareOfTotal(q: Question, evidence: readonly Evidence[]): Composition | undefined {
  if (q.answerType !== 'percent') return undefined;
  const onTopic = evidence.filter((e) => e.topic >= 0.75 && e.fact.figure && e.fact.entry);
  if (onTopic.some((e) => e.fact.figure!.unit === 'percent' && e.asked >= MIN_ASKED)) return undefined;
  // The named figure: the amount whose own words the question holds best.
  const held = (e: Evidence) => [...e.matched].filter(([t]) => t.role === 'word' && !t.focus).reduce((sum, [t, m]) => sum + t.weight * m, 0);
  const part = onTopic.filter((e) => e.fact.figure!.unit !== 'percent' && held(e) > 0).sort((a, b) => held(b) - held(a))[0];
  if (!part) return undefined;
  const entry = part.fact.entry!;
  const all = entry.figures.filter((f) => f.unit === part.fact.figure!.unit);
  if (all.length < 2) return undefined;
  return composeShareOfTotal(part.fact.figure!, all, entry.name);
}

interface Dated {
  readonly id: string;
  readonly label: string;
  readonly date: IsoDate;
  readonly citations: readonly Citation[];
}

/**
 * The dated things a "how many days" question spans, in the order it names
 * them: the deadlines it names, the events named entries date (the meeting),
 * the article's publication ("since the article came out"), and today ("ago",
 * "until", "left").
 */
function datedThings(engine: Engine, q: Question, deadlines: readonly Deadline[], today: IsoDate): Dated[] {
  const text = foldText(q.text);
  const found: { at: number; thing: Dated }[] = [];
  const place = (words_: readonly string[]) => {
    const positions = words_.filter((w) => w.length > 3 && !STOPWORDS.has(w)).map((w) => text.search(new RegExp(`\\b${w}`))).filter((i) => i >= 0);
    return positions.length > 0 ? Math.min(...positions) : text.length;
  };
  const aboutDeadlines = DEADLINE_WORDS.test(text) || /\b(pledge|memo|memorandum|mou|window)\b/.test(text);
  // The deadlines of the entries the question names, when it names any that have them; else the two it leads to.
  const ownDeadlines = deadlines.filter((d) => q.entryIds.includes(d.entryId));
  for (const d of [...ownDeadlines, ...deadlines.filter((d) => !ownDeadlines.includes(d))].slice(0, 2).filter((d) => aboutDeadlines || q.entryIds.includes(d.entryId))) found.push({ at: place([...words(d.label), 'deadline', 'due']), thing: { id: d.id, label: d.label, date: d.date, citations: d.citations } });
  for (const id of q.entryIds) {
    const entry = engine.kb.entry(id);
    if (!entry?.when || deadlines.some((d) => d.entryId === id)) continue;
    found.push({ at: place(words([entry.name, ...entry.aliases].join(' '))), thing: { id, label: entry.name, date: entry.when.date, citations: entry.when.citations } });
  }
  const deadlineAnchors = deadlines.slice(0, 1).map((d) => d.countedFrom).filter((c) => /\b(meeting|ministerial|summit|talks|announcement|announced)\b/.test(text) && !found.some((f) => f.thing.id === c.entryId));
  for (const c of deadlineAnchors) found.push({ at: place(['meeting', 'ministerial', 'summit', 'talks', 'announce']), thing: { id: c.entryId, label: c.name, date: c.date, citations: c.citations } });
  const published = /\b(article|piece|report|post|published|(?:came|come|comes) out|written|publication)\b/.exec(text);
  const source = engine.index.facts.find((f) => f.kind === 'source');
  if (published && source && engine.kb.sources[0]) found.push({ at: published.index, thing: { id: 'publication', label: `publication of the article`, date: engine.kb.asOf, citations: source.citations } });
  // Today: "ago", "left", "until now"; a bare "until" between two dated things is not it.
  const now = /\b(ago|today|now|left|remain|remaining)\b|\b(?:since|until|till)\s*\??\s*$/.exec(text);
  const todayThing = { id: 'today', label: 'today', date: today, citations: [] };
  // "How many days since X (closed)": from the first thing named until today, whatever else its words touch.
  if (!now && /\b(since|has it been|have passed|gone by)\b/.test(text) && !/\bbetween\b|\bfrom\b.+\b(to|until|till)\b/.test(text)) {
    const first = found.sort((x, y) => x.at - y.at)[0];
    return first ? [first.thing, todayThing] : [];
  }
  if (now) found.push({ at: now.index, thing: todayThing });
  return distinctBy(found.sort((x, y) => x.at - y.at), (f) => f.thing.id).map((f) => f.thing);
}

function join(a: Composition, b: Composition): Composition {
  // No sentence twice: a second fact that only repeats what the first said (an item of its list) adds nothing.
  const said = (text: string) => text.replace(/[.\s]+$/, '').toLowerCase();
  if (a.text.toLowerCase().includes(said(b.text))) return a;
  return {
    text: `${a.text} ${b.text}`,
    citations: uniqueCitations([...a.citations, ...b.citations]),
    deadlines: distinctBy([...a.deadlines, ...b.deadlines], (d) => d.id),
    timely: a.timely || b.timely,
  };
}

/**
 * A question in parts: "who chairs A and who chairs B", "A vs B", or two
 * questions in one message. "The share of X vs Y" becomes two questions,
 * the second taking the first's words.
 */
export function splitParts(text: string, versus = true): string[] {
  const questions = sentences(text)
    .flatMap((s) => s.split(/,?\s+(?:and|&)\s+(?=(?:who|when|where|what|which|how|why|is|are|does|did|has|was)\b)/i))
    // "what came of X, did they Y": a wh-question, then a yes/no of its own after the comma.
    // (A dash may stand for the comma: "status of X — did they sign it?")
    .flatMap((s) => (/^\W*(?:who|when|where|what|whats|what's|which|how|why)\b/i.test(s) ? s.split(/(?:,|\s+[—–]|\s+--?)\s+(?=(?:did|does|do|is|are|was|were|has|have|will|can|could)\s+(?:they|it|he|she|we|the|any)\b)/i) : [s]))
    .map((s) => s.trim())
    // "ok and is that…": a filler before "and" is no question of its own.
    .filter((s) => words(s).length > 0 && !/^(?:ok|okay|so|yeah|yes|hey|hi|well|alright|cool|right|thanks|thx|hmm)[\s,.!?]*$/i.test(s));
  const out: string[] = [];
  for (const question of questions) {
    const sides = versus ? /^(.*\S)\s+(?:vs\.?|versus|v\.|compared (?:to|with))\s+(.+?)\??$/i.exec(question) : null;
    if (!sides) {
      out.push(question);
      continue;
    }
    const [, left, right] = sides as unknown as [string, string, string];
    const leftWords = left.split(/\s+/);
    const rightWords = right.split(/\s+/);
    out.push(left, rightWords.length >= leftWords.length ? right : [...leftWords.slice(0, leftWords.length - rightWords.length), ...rightWords].join(' '));
  }
  return out.length > 0 ? out : [text];
}

/** Sentences of a message: after "?" or "!", or a full stop that ends a word (not "sec." or "U.S.") before a capital. */
function sentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  // (An aside in parentheses after a "?" belongs to that question: "USTR = ? (the long name)".)
  for (const m of text.matchAll(/([?!]|(\b[A-Za-z]{2,})\.)\s+(?=[A-Z"“])|[?!]\s+(?=[^\s(])/g)) {
    if (m[2] && ABBREVIATIONS.test(m[2])) continue;
    out.push(text.slice(start, m.index + m[0].length).trim());
    start = m.index + m[0].length;
  }
  out.push(text.slice(start).trim());
  return out.filter(Boolean);
}

const ABBREVIATIONS = /^(?:sec|no|vs|dept|govt|approx|etc|eg|ie|mr|ms|mrs|dr|st|art|para|fig|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)$/i;

/** No sentence twice in one answer. */
function distinctSentences(text: string): string {
  return distinctBy(text.split(/(?<=[.!?])\s+(?=[A-Z"“(])/), (s) => foldText(s).replace(/\s+/g, ' ').trim()).join(' ');
}
