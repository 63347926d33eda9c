// Runs the search engine a built site holds (search/engine.js) under Node, as the search page
// runs it, for tests/searching.py. Reads {site, queries: [{q, filters}], texts: [...]} as JSON
// on stdin; writes, for each query, the words asked for and every match with its result (title
// and excerpt as [text, matched] parts), and for each text the terms the engine finds in it.
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const site = input.site;
const { openIndex } = await import(pathToFileURL(`${site}/search/engine.js`).href);
const index = await openIndex(async (name) => {
  try {
    return JSON.parse(await readFile(`${site}/search/index/${name}`, "utf8"));
  } catch (error) {
    if (error.code === "ENOENT") return null;
    throw error;
  }
});
const answers = [];
for (const { q, filters } of input.queries ?? []) {
  const { words, matches } = await index.search(q, filters);
  const results = await index.results(words, matches);
  answers.push({ words: words.map((word) => word.term), results });
}
const terms = (input.texts ?? []).map((text) => index.terms.words(text).map((word) => word.term));
process.stdout.write(JSON.stringify({ answers, terms }));
