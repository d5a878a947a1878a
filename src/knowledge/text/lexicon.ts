/**
 * General English knowledge the question reader needs: words that carry no
 * topic (stopwords, question scaffolding) and words that say what kind of
 * answer is wanted. Nothing here names an agreement or a fact: that lives in
 * the curated data.
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
  up down out off away back onto per via behind  s t d ll m re ve`.split(/\s+/),
);

/** Words that shape a question without naming what it is about. */
export const QUESTION_SCAFFOLD = new Set(
  `tell say says said saying know knows let give gives show shows name names list listed lists explain describe describes described
  mention mentions mentioned according article source sources report reports reported text piece post write wrote written
  please thanks thank hi hello hey bot policybot question answer find look looking want wants need needs like
  kind kinds type types sort sorts thing things stuff something anything part parts way ways exactly actually really basically
  roughly approximately about around nearly almost some much many lot lots
  happen happened happening happens involve involved involves include includes included including cover covers covered
  exist exists existing get gets got make makes made go goes going went come comes came take takes took put
  meant mean means refer refers referred stand stands standing short abbreviation acronym
  agency agencies body bodies organization organizations organisation organisations institution institutions entity entities authority authorities
  nutshell brief briefly quick quickly summary summarize summarise overview gist tldr recap`.split(/\s+/),
);

/** Cue words for what the asker wants; they are consumed as intent, not matched as topic. */
export const CUES = {
  who: /\b(who|whom|whose|which (?:us |u\.s\. |american |mexican |european |japanese )?(?:agency|agencies|office|offices|body|bodies|department|departments|ministry|ministries|organi[sz]ation|organi[sz]ations|official|officials|entity|entities|government|governments|person|people|institution|institutions|authority|authorities|side|party|parties))\b|\b(lead|leads|leading|led|leader|leaders|co-?leads?|heads?|headed|heading|in charge|responsible|spearhead(?:s|ed|ing)?|runs?|running|charge)\b/,
  when: /\b(when|what date|which date|what day|by when|date|dates|deadline|deadlines|due|expire|expires|expiry|close|closes|closing|closed|end|ends|ending|conclude|concluded|concludes|conclusion|until|till|finish|finishes|timeline|timeframe|time frame|schedule|scheduled)\b/,
  duration: /\b(how long|how many (?:days|weeks|months|years)|length of|duration)\b/,
  amount: /\b(how much|how big|how large|how many dollars|size|amount|amounts|funding|funded|fund|worth|money|cost|costs|dollars?|billion|million|\$)/,
  count: /\bhow many\b|\bnumber of\b|\bcount\b/,
  share: /\b(share|percent|percentage|%|proportion|fraction|portion)\b/,
  yesNo: /^\s*(is|are|was|were|does|do|did|has|have|had|will|would|can|could|should)\b/,
  status: /\b(passed|past|expired|over|still open|open|status|met|missed|happened|has .* (?:passed|expired|closed)|left|remain|remaining|overdue|late|how many days (?:until|till|left|remain)|upcoming)\b/,
  define: /\b(stand for|stands for|short for|abbreviation|acronym|full name|what does \w+ mean|meaning of)\b/,
  compareFirst: /\b(first|earlier|earliest|sooner|soonest|before)\b/,
  compareLast: /\b(last|later|latest|final|furthest|farthest)\b/,
  daysBetween: /\bhow many (?:days|weeks|months)\b.*\b(between|from|apart|separate|after|before)\b|\b(days|weeks|months) apart\b|\bgap between\b/,
  ratio: /\bhow many times\b|\btimes (?:larger|bigger|more|greater|as (?:large|big|much))\b|\bratio\b|\bmultiple of\b/,
  sum: /\b(total|totals|combined|combine|altogether|all together|in all|sum|adding|add up|adds up|added|together|overall|plus)\b/,
  difference: /\b(difference|differ|exceed|exceeds|exceeding|more than|less than|higher than|lower than|gap|percentage points?|points? higher|larger than|bigger than|how much (?:more|higher|larger|bigger|less|lower))\b/,
  where: /\b(where|venue|location|located|held at|host|hosted|hosting|hosts)\b/,
  countries: /\b(?:which|what) (?:other |\w+ )?(?:countries|country|nations|nation|partners|parties|governments)\b/,
  published: /\b(publish|published|publisher|publishes|author|authored|authors|wrote|written by)\b/,
} as const;

/** Set phrases whose words say nothing about the topic ("where did it take place" asks only "where"). */
export const IDIOMS = /\b(?:take|takes|took|taking|taken) place\b|\bin a nutshell\b|\bin short\b|\bis it true that\b|\bcan you tell me\b|\bdo you know\b|\baccording to (?:the |this )?(?:article|source|sources|piece|report|text)\b/gi;

/** Words whose presence makes a question about deadlines specifically. */
export const DEADLINE_WORDS = /\b(by when|by what date|by which date|should|supposed to|expected to|have to|must|deadline|deadlines|due|expire|expires|close|closes|closing|end|ends|ending|conclude|concluded|conclusion|window|within|days|months|passed|until|remaining|left|overdue|timeline)\b/;

/**
 * Everyday synonyms, domain-neutral: a question may say "nation" where a source
 * says "country". Each group is symmetric. Names of parties and agencies are
 * curated in `curated/glossary.yaml` instead.
 */
export const SYNONYMS: readonly (readonly string[])[] = [
  ['country', 'countries', 'nation', 'nations', 'state', 'states'],
  ['deal', 'deals', 'agreement', 'agreements', 'arrangement', 'arrangements', 'accord', 'pact', 'dealmaking'],
  ['talks', 'negotiation', 'negotiations', 'negotiating', 'discussions', 'discuss'],
  ['meeting', 'meetings', 'summit', 'conference', 'ministerial', 'gathering'],
  ['stockpile', 'stockpiling', 'reserve', 'stockpiles'],
  ['aim', 'goal', 'goals', 'objective', 'purpose', 'focus', 'focused'],
  ['funding', 'financing', 'funded', 'money', 'capital', 'loan'],
  ['tools', 'mechanisms', 'measures', 'instruments', 'options', 'policies'],
  ['signed', 'sign', 'signing', 'inked', 'concluded'],
  ['investigation', 'inquiry', 'probe', 'review'],
  ['chinese', 'china'],
  ['rare', 'rare-earth'],
  ['plan', 'plans', 'planned', 'intend', 'intends', 'intent'],
  ['mining', 'mined', 'extraction', 'mine', 'mines'],
  ['processing', 'refining', 'processed'],
  ['binding', 'enforceable'],
  ['announce', 'announced', 'announcement', 'unveiled', 'unveil', 'launched', 'launch'],
  ['attend', 'attended', 'attendance', 'participated', 'participating', 'present', 'took part'],
  ['host', 'hosted', 'hosting', 'organized', 'convened'],
  ['imports', 'import', 'importing', 'imported'],
  ['price', 'prices', 'pricing'],
  ['span', 'spans', 'spanning', 'encompass', 'encompasses', 'include', 'includes', 'including', 'cover', 'covers', 'covering'],
  ['akin', 'similar', 'resemble', 'resembles', 'resembling', 'comparable', 'analogous', 'like'],
  ['already', 'earlier', 'existing', 'prior', 'previous', 'previously', 'predates', 'before'],
];

/** Words that put a "when" question in the past: the date something happened, not one it is due. */
export const PAST_WORDS = /\b(was|were|did|held|took place|happened|announced|signed|launched|unveiled|hosted|met)\b/;

/** A question that wants a date for its answer ("when…", "by what date…", "what is the deadline…"). */
export const WHEN_QUESTION = /^\s*(?:and |so |but )?when\b|\b(?:what|which) (?:date|day|month|year|time)\b|\bby when\b|\bdeadline\b|\bdue date\b|\bhow soon\b/;

/** A question that wants a place for its answer. */
export const WHERE_QUESTION = /^\s*(?:and |so )?where\b|\b(?:what|which) (?:venue|location|place|city|building|country hosted)\b/;

/** A question that wants a number for its answer. */
export const QUANTITY_QUESTION = /\bhow (?:much|many|big|large|long|high|low)\b|\b(?:what|which)(?: (?!kind\b|type\b|sort\b|form\b|of\b)[\w-]+){0,2} (?:share|percentage|percent|proportion|rate|price|amount|number|value|cost|size|sum|figure|level|tariff)\b/;
