/**
 * General English the question reader needs and no library gives it: the
 * words that carry no topic, chat shorthand, and the words that ask for an
 * operation on two facts (which first, in total, by how much). Nothing here
 * names an agreement or a fact, and nothing here exists for one question:
 * synonyms, derivations and spelling come from WordNet and Hunspell
 * (`../language/`), names and aliases from the curated data.
 */

/** Function words: never a topic. */
export const STOPWORDS = new Set(
  `a an the and or but nor so yet of to in on at by for from with without within into onto upon over under about above below
  between among through during before after since until till as than then that this these those there here it its itself
  i me my mine we us our ours you your yours he him his she her hers they them their theirs one ones any some each every
  all both either neither other another such same own very just only also too even still again ever
  is are was were be been being am do does did doing done has have had having will would shall should can could may might must
  not no yes if whether while because though although however whereas else
  what which who whom whose when where why how whats what's whos who's wheres where's hows how's
  up down out off away back onto per via behind s t d ll m re ve
  more less most least now today currently right still already yet ever anymore also`.split(/\s+/),
);

/** Words that shape a request without naming what it is about. */
export const QUESTION_SCAFFOLD = new Set(
  `tell say says said saying know knows let give gives show shows list listed lists explain describe describes described
  mention mentions mentioned quote quoted quotes quoting according article source sources report reports reported text piece post write wrote written
  please thanks thank hi hello hey bot policybot question answer find look looking want wants need needs like
  kind kinds type types sort sorts thing things stuff something anything exactly actually really basically literally
  roughly approximately around nearly almost much many lot lots
  happen happened happening happens get gets got make makes made go goes going went come comes came put
  meant mean means refer refers referred stand stands standing short abbreviation acronym
  nutshell brief briefly quick quickly summary summarize summarise overview gist tldr recap detail details specifically specific exact
  supposed honestly anyway pretty guess wondering curious help understand learn
  billed touted dubbed portrayed labeled labelled branded versus expected likely`.split(/\s+/),
);

/**
 * Chat shorthand, as people type it in Slack and Discord, and what it stands
 * for in plain words. Fillers ("tbh", "lol") stand for nothing.
 */
export const SHORTHAND: Readonly<Record<string, string>> = {
  'w/': 'with', w: 'with', 'w/o': 'without', 'b/c': 'because', bc: 'because', cuz: 'because', coz: 'because', bcoz: 'because',
  natsec: 'national security', 'nat sec': 'national security', ppl: 'people', ppls: 'people', smth: 'something', sth: 'something', esp: 'especially', 'b/w': 'between', 'w/in': 'within', admin: 'administration', orgs: 'organizations', org: 'organization', dunno: '', ya: 'you', yall: 'you', "y'all": 'you',
  rn: 'right now', nah: '', yeah: '', yep: '', nope: '', btwn: 'between', b4: 'before', 'w/e': '', tho: '', pls: 'please', atm: 'at the moment', tbh: '', imo: '', imho: '', idk: '', afaik: '', iirc: '', fwiw: '', tbf: '', ngl: '', btw: '', lol: '', lmao: '', plz: 'please', thx: 'thanks', ty: 'thanks',
  isnt: 'is not', arent: 'are not', wasnt: 'was not', werent: 'were not', doesnt: 'does not', dont: 'do not', didnt: 'did not', hasnt: 'has not',
  havent: 'have not', hadnt: 'had not', cant: 'can not', wont: 'will not', wouldnt: 'would not', shouldnt: 'should not', couldnt: 'could not',
  whats: 'what is', wats: 'what is', wat: 'what', wut: 'what', wht: 'what', whos: 'who is', wheres: 'where is', whens: 'when is', hows: 'how is', thats: 'that is', hw: 'how', wen: 'when',
  u: 'you', ur: 'your', r: 'are', y: 'why', abt: 'about', bout: 'about', wrt: 'about', re: 'about', gonna: 'going to', wanna: 'want to', gotta: 'have to', kinda: 'kind of', sorta: 'sort of',
  govt: 'government', gov: 'government', "gov't": 'government', govts: 'governments', dept: 'department', depts: 'departments', intl: 'international',
  approx: 'approximately', info: 'information', id: 'identify', 'r&d': 'research and development', yr: 'year', yrs: 'years', mo: 'month', mos: 'months', wk: 'week', wks: 'weeks', nr: 'number', no: 'no',
  vs: 'versus', 'v.': 'versus', '&': 'and', '+': 'and', amt: 'amount', qty: 'quantity', mtg: 'meeting', mtgs: 'meetings', pm: 'prime minister', fm: 'foreign minister', 'in terms of': 'on', 'with regard to': 'on', 'with respect to': 'on', pct: 'percent', '%': 'percent', '$$': 'money', '$$$': 'money',
};

/** Operations on two or more facts, and status words: the asker wants a computation or today's standing, not a topic. */
export const CUES = {
  status: /\b(passed|past|expired|over|open|closed|closing|status|met|missed|ended|elapsed|lapsed|left|remain|remaining|overdue|late|how many days (?:until|till|left|remain)|upcoming|ahead|running|ongoing|active|in effect|live|come and gone|gone by|behind us|run out)\b/,
  compareFirst: /\b(first|earlier|earliest|sooner|soonest|before)\b/,
  compareLast: /\b(last|later|latest|final|furthest|farthest)\b/,
  daysBetween: /\bhow many (?:days|weeks|months)\b.*\b(between|from|apart|separate|after|before|ago|since|until|till|left|to)\b|\b(days|weeks|months) apart\b|\bgap between\b|\bhow long ago\b|\bhow long (?:since|until|till)\b/,
  ratio: /\bhow many times\b|\btimes (?:larger|bigger|more|greater|as (?:large|big|much))\b|\bratio\b|\bmultiple of\b/,
  sum: /\b(total|totals|combined|combine|altogether|all together|in all|sum|add up|adds up|adding|added together|overall)\b|\badd\b.*\btogether\b/,
  difference: /\bby how (?:much|many)\b|\b(difference|differ|exceed|exceeds|exceeding|more than|less than|higher than|lower than|(?<![\w-])gap(?!-)|percent(?:age)? points?|pct points?|points? higher|larger than|bigger than|how much (?:more|higher|larger|bigger|less|lower))\b/,
  allDeadlines: /\b(?:all|every|each|list)\s+(?:of\s+)?(?:the\s+)?(?:key\s+|upcoming\s+|main\s+)?(?:deadlines?|dates|due dates)\b|\bthe\s+(?:key\s+|upcoming\s+|main\s+)?(?:deadlines|dates|due dates)\b|\bdeadlines\b(?!.*\b(?:mou|memo|window|pledge|plan)\b)/,
} as const;

export type Cue = keyof typeof CUES;

/** Words that make a "when" question about a deadline rather than the day something happened. */
export const DEADLINE_WORDS = /\b(by when|by what date|should|supposed to|expected to|have to|must|deadline|deadlines|due|expire|expires|close|closes|closing|end|ends|ending|conclude|concluded|conclusion|window|within|passed|until|remaining|left|overdue|open|still|run out|runs out|lapse|lapses|period)\b/;

/** Words for a share, which WordNet files with money ("share") or not at all ("%"). */
export const SHARE_WORDS = /\b(share|percent|percentage|proportion|fraction|portion|%)\b/;

/** Questions that ask for an expansion: "what does USTR stand for". */
export const EXPANSION = /\b(stand for|stands for|short for|abbreviation|acronym|full name|full form|spelled out(?=\s*\??\s*$)|spell(?:ed)? (?:it |that |this )?out(?=\s*\??\s*$)|what does (\S+) mean|meaning of|(?:official|formal|proper) (?:name|title)|(?:officially|formally|properly) (?:called|named|titled|known as))\b/;

/** Nouns that name the kind of answer rather than what it is about: a filler of that kind answers them ("what *date*", "the *amount*"). */
export const ANSWER_NOUNS = new Set(
  `date dates day days deadline deadlines time month year when place location venue where city country countries person people name names official officials
  amount sum number numbers total size figure figures count percentage percent share money cash dollar dollars usd timeframe timeline period length duration goal goals aim aims purpose purposes objective objectives`.split(/\s+/),
);

/** Words for money in general: a fact holds them when it states an amount of money ("$10 billion"). */
export const MONEY_WORDS = /^(?:money|cash|dollars?|usd|funds|funding)$/;

/** Quantifiers that say some are meant without naming them: "certain African countries" names none. */
export const VAGUE = /\b(?:certain|some|various|several|other|unnamed|unspecified|a number of|many)\s+(?:[\w,-]+\s+){0,4}?/;

/** A question for what something contains or how it will work, rather than what it is. */
export const CONTENTS = /\b(?:what(?:'s| is| are| was| were)\s+(?:actually\s+|really\s+|exactly\s+)?(?:in|inside)\b|details?|terms|specifics|contents?|provisions|fine print|what (?:did|do|does|will|would)\b.*\b(?:agree|agreed|commit|committed|promise|promised|pledge|pledged|cover|covers|entail|entails|contain|contains)(?:\s+(?:to|on))?\s*(?:in|under|with|\?|$)|how (?:will|would|does|do|is|are|can|could) .+ (?:work|(?:be|get|gets|got) (?:enforced|implemented|applied|set|calculated|run|administered)))/;

/** A source saying that something is not known yet: details not released, how it works uncertain. */
export const STATED_UNKNOWN = /\b(?:not (?:yet )?(?:been )?(?:released|publici[sz]ed|published|disclosed|made public|specified|determined|decided)|yet to be (?:released|publici[sz]ed|disclosed|specified|determined|decided)|gives? no details|no details|remains? uncertain|uncertainty|unclear)\b/;

/** Requests for a task rather than an answer ("write me a script", "translate this"): not questions for a knowledge base. */
export const TASK_VERBS = /^(?:(?:hey|hi|pls|please|can you|could you|can u|could u)\s+)*(?:write|generate|draft|compose|code|program|translate|draw|paint|design|build|scrape|book|order|buy|sell|email|send|post|tweet|sing|play)\b/;

/** Words that say one thing is like another: any of them stands for the others ("resembles", "akin to", "modeled on"). */
export const LIKENESS: ReadonlySet<string> = new Set(
  `akin similar similarity like alike resemble resembles resembled resembling resemblance comparable analogous analogy mirror mirrors
  mirrored parallel parallels modeled modelled patterned equivalent`.split(/\s+/),
);
