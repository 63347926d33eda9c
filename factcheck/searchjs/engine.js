// The search of the index factcheck/search.py writes: what the search page finds and shows, and
// what the tests run under Node. It turns words into terms by the rules factcheck/searchterms.py
// puts in meta.json, with the Snowball stemmer the build used, so a reader's words meet the
// index's terms; a test holds the two sides to the same terms.

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;
const PREFIX = 3; // letters of a term that name its file, as in search.py
const PARTIAL = 0.5; // a word still being typed, found as part of a term, counts half
const CUT = 3; // letters a stemmer may cut off a word ("ammunition" is "ammunit")
const EXCERPT_WORDS = 30;
const LEAD = 8; // words an excerpt shows before the first word it is chosen for

const codePoints = (text) => [...text];

// The rule of factcheck/searchterms.py: fold (lower case, Latin letters, no accents), stem,
// drop apostrophes, and no term of one letter.
export class Terms {
  constructor(rules, stem) {
    this.letters = new Map(Object.entries(rules.letters));
    this.stemFirst = rules.stemFirst;
    this.stem = stem;
    this.known = new Map();
  }

  fold(word) {
    let lowered = "";
    for (const char of word.toLowerCase()) lowered += this.letters.get(char) ?? char;
    return lowered.normalize("NFKD").replace(/\p{M}/gu, "").replace(/[’‘]/g, "'");
  }

  term(word) {
    if (!this.known.has(word)) {
      const stemmed = this.stemFirst
        ? this.fold(this.stem(word.toLowerCase()))
        : this.stem(this.fold(word));
      const term = stemmed.replaceAll("'", "");
      this.known.set(word, codePoints(term).length >= 2 ? term : null);
    }
    return this.known.get(word);
  }

  // Every word of text (made NFC, as the build reads it) with where it is and its term.
  words(text) {
    return Array.from(text.normalize("NFC").matchAll(WORD), (match) => ({
      start: match.index,
      end: match.index + match[0].length,
      text: match[0],
      term: this.term(match[0]),
    }));
  }
}

const hex = (text) =>
  Array.from(new TextEncoder().encode(text), (byte) => byte.toString(16).padStart(2, "0")).join("");

const fileOf = (term) => `terms/${hex(codePoints(term).slice(0, PREFIX).join(""))}.json`;

// The index, read through load(name), which gives the parsed JSON file or null where there is
// none: fetch on the search page, the file system in the tests.
export async function openIndex(load) {
  const meta = await load("meta.json");
  if (!meta) throw new Error("the search index has no meta.json");
  let stem = (word) => word;
  if (meta.terms.stemmer) {
    const { default: Stemmer } = await import(`./${meta.terms.stemmer}-stemmer.js`);
    const stemmer = new Stemmer();
    stem = (word) => stemmer.stemWord(word);
  }
  return new Index(meta, new Terms(meta.terms, stem), load);
}

class Index {
  constructor(meta, terms, load) {
    this.meta = meta;
    this.terms = terms;
    this.files = new Map();
    this.load = (name) => {
      if (!this.files.has(name)) this.files.set(name, load(name).then((data) => data ?? {}));
      return this.files.get(name);
    };
  }

  // What a reader's words ask for: each term once; the last word, unless a space or a mark
  // ends the query, also as the start of longer terms (it may still be being typed).
  query(text) {
    const words = this.terms.words(text).filter((word) => word.term !== null);
    const typing = /[\p{L}\p{N}]$/u.test(text);
    const asked = new Map();
    words.forEach((word, place) => {
      const prefix = typing && place === words.length - 1 && codePoints(word.term).length >= PREFIX;
      const folded = this.terms.fold(word.text).replaceAll("'", "");
      // A word asked twice, once still being typed: matching its start covers the whole word.
      const prefixed = prefix || (asked.get(word.term)?.prefix ?? false);
      asked.set(word.term, { term: word.term, folded, prefix: prefixed });
    });
    return [...asked.values()];
  }

  // The claims holding a word, by number, with the weight of the word in each.
  async postings(word) {
    const names = new Set([fileOf(word.term)]);
    if (word.prefix && codePoints(word.folded).length >= PREFIX) names.add(fileOf(word.folded));
    const found = new Map();
    for (const name of names) {
      for (const [term, flat] of Object.entries(await this.load(name))) {
        const factor = matching(term, word);
        if (!factor) continue;
        for (let at = 0; at < flat.length; at += 2) {
          const weight = (flat[at + 1] / 100) * factor;
          if (weight > (found.get(flat[at]) ?? 0)) found.set(flat[at], weight);
        }
      }
    }
    return found;
  }

  // The claims holding every word of the query and passing the filters ({verdict, claimant,
  // tag}: keys as the filters name them), most relevant first, newest first among equals.
  async search(text, filters = {}) {
    const words = this.query(text);
    if (!words.length) return { words, matches: [] };
    const count = this.meta.claims;
    const scores = new Map();
    const found = await Promise.all(words.map((word) => this.postings(word)));
    found.forEach((claims, place) => {
      const idf = Math.log(1 + (count - claims.size + 0.5) / (claims.size + 0.5));
      for (const [number, weight] of claims) {
        if (place === 0 || scores.has(number)) scores.set(number, (scores.get(number) ?? 0) + idf * weight);
      }
      if (place > 0) for (const number of scores.keys()) if (!claims.has(number)) scores.delete(number);
    });
    const facts = await this.facts([...scores.keys()]);
    const matches = [...scores]
      .map(([number, score]) => ({ number, score, facts: facts.get(number) }))
      .filter(({ facts }) => facts && passes(facts, filters))
      .sort((a, b) => b.score - a.score || b.facts[0].localeCompare(a.facts[0]) || a.number - b.number);
    return { words, matches };
  }

  async facts(numbers) {
    const shards = [...new Set(numbers.map((number) => number % this.meta.shards))];
    const loaded = await Promise.all(shards.map((shard) => this.load(`claims/${shard}.json`)));
    const facts = new Map();
    for (const records of loaded) {
      for (const [number, record] of Object.entries(records)) facts.set(Number(number), record);
    }
    return facts;
  }

  // What the search page shows of each match: the claim, and an excerpt where the words are,
  // each a list of [text, whether it is a matched word].
  async results(words, matches) {
    const texts = await Promise.all(matches.map((match) => this.load(`text/${match.number}.json`)));
    return texts.map((record) => {
      const title = record.title.normalize("NFC");
      return {
        ...record,
        title: this.marked(title, words, this.terms.words(title)),
        excerpt: this.excerpt(`${record.summary} ${record.text}`, words),
      };
    });
  }

  matches(word, words) {
    return word.term !== null && words.some((asked) => matching(word.term, asked) > 0);
  }

  excerpt(text, words) {
    const normal = text.normalize("NFC");
    const all = this.terms.words(normal);
    if (!all.length) return [];
    // The window holding the most of the query's terms, then the most matched words, starting
    // a few words before a matched one; the start of the text where none is matched. The
    // window slides along the matched words once, counting the terms in it as it goes.
    const matched = all.flatMap((word, place) => (this.matches(word, words) ? [place] : []));
    const held = new Map();
    const count = (place, change) => {
      const term = all[place].term;
      const now = (held.get(term) ?? 0) + change;
      if (now) held.set(term, now); else held.delete(term);
    };
    let [best, bestScore, from, to] = [0, -1, 0, 0];
    for (const place of matched) {
      const first = Math.max(0, place - LEAD);
      for (; to < matched.length && matched[to] < first + EXCERPT_WORDS; to++) count(matched[to], 1);
      for (; matched[from] < first; from++) count(matched[from], -1);
      const score = held.size * 1000 + (to - from);
      if (score > bestScore) [best, bestScore] = [first, score];
    }
    const last = Math.min(all.length, best + EXCERPT_WORDS) - 1;
    const parts = this.marked(normal, words, all, all[best].start, all[last].end);
    if (best > 0) parts.unshift(["… ", false]);
    if (last < all.length - 1) parts.push([" …", false]);
    return parts;
  }

  // The NFC text from start to end as parts, [text, matched]; all: its words.
  marked(text, words, all, start = 0, end = text.length) {
    const parts = [];
    let at = start;
    for (const word of all) {
      if (word.start < start || word.end > end || !this.matches(word, words)) continue;
      if (word.start > at) parts.push([text.slice(at, word.start), false]);
      parts.push([word.text, true]);
      at = word.end;
    }
    if (at < end) parts.push([text.slice(at, end), false]);
    return parts;
  }
}

// How much a term counts for a word asked for: in full if it is the word's term; by half if
// the word is still being typed and the term starts with it, or the word (typed past where a
// stemmer would cut it) starts with the term.
function matching(term, asked) {
  if (term === asked.term) return 1;
  if (!asked.prefix) return 0;
  if (term.startsWith(asked.term) || term.startsWith(asked.folded)) return PARTIAL;
  const cut = codePoints(asked.folded).length - codePoints(term).length;
  return cut > 0 && cut <= CUT && codePoints(term).length > PREFIX && asked.folded.startsWith(term) ? PARTIAL : 0;
}

function passes(facts, filters) {
  const [, verdict, claimant, tags] = facts;
  return (!filters.verdict || filters.verdict === verdict)
    && (!filters.claimant || filters.claimant === claimant)
    && (!filters.tag || tags.includes(filters.tag));
}
