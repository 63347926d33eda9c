// The search page: asks the engine the build writes beside it (search/engine.js) and shows what
// it finds. The form shows only when this script runs, so readers without JavaScript see the
// browse links instead. The address follows the query and filters, so a search can be shared.
const form = document.querySelector(".search-form");
const input = form.elements.q;
const filters = ["verdict", "claimant", "tag"];
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const SHOWN = 20;
// What the script says comes from the page, in its language (see search.html).
const words = form.dataset;
const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, name) => values[name]);
// As the pages write dates: 29 May 2025 in English, 29. мај 2025. in Serbian.
const dates = new Intl.DateTimeFormat(words.locale, {
  day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
});
const human = (iso) => dates.format(new Date(`${iso}T00:00:00Z`));
// The language's form of a count: that of 1, 2 or 5, whichever has the count's plural category.
const plurals = new Intl.PluralRules(document.documentElement.lang || undefined);
const forms = new Map([5, 2, 1].map((count) => [plurals.select(count), words[`found-${count}`]]));

async function load(name) {
  const response = await fetch(new URL(`index/${name}`, document.baseURI));
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${name}: ${response.status}`);
  return response.json();
}

// Text with the matched words in <mark>: parts are [text, matched].
function marked(element, parts) {
  for (const [text, matched] of parts) {
    if (matched) {
      const mark = document.createElement("mark");
      mark.textContent = text;
      element.append(mark);
    } else {
      element.append(text);
    }
  }
  return element;
}

function item(result) {
  const entry = document.createElement("li");
  const link = marked(document.createElement("a"), result.title);
  link.href = new URL(result.url, new URL("../", document.baseURI)).href;
  const meta = document.createElement("p");
  meta.className = "meta";
  meta.textContent = fill(words.result, {
    verdict: result.verdict, claimant: result.claimant, date: human(result.published),
  });
  entry.append(link, meta, marked(document.createElement("p"), result.excerpt));
  return entry;
}

function chosen() {
  return Object.fromEntries(filters.map((name) => [name, form.elements[name].value]));
}

function keepInAddress() {
  const params = new URLSearchParams();
  if (input.value) params.set("q", input.value);
  for (const [name, value] of Object.entries(chosen())) if (value) params.set(name, value);
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

let index;
let found = { words: [], matches: [] };
let pending = 0;
let asked = null; // the query and filters last searched

async function showMore() {
  const ticket = pending;
  const next = found.matches.slice(list.children.length, list.children.length + SHOWN);
  const results = await index.results(found.words, next);
  if (ticket !== pending) return;
  list.append(...results.map(item));
  more.hidden = list.children.length >= found.matches.length;
}

function counted(total) {
  const said = fill(forms.get(plurals.select(total)) ?? words["found-5"], { n: total });
  return total > SHOWN ? fill(words.ranked, { found: said }) : said;
}

async function search() {
  // The field's change event comes again as it loses focus, as when a result is clicked:
  // searching again then would replace the link under the pointer.
  const asking = JSON.stringify([input.value, chosen()]);
  if (asking === asked) return;
  asked = asking;
  keepInAddress();
  const ticket = ++pending;
  list.setAttribute("aria-busy", "true"); // until the results of this query are shown
  try {
    const answer = await index.search(input.value, chosen());
    if (ticket !== pending) return;
    found = answer;
    list.replaceChildren();
    more.hidden = true;
    if (!answer.words.length) {
      status.textContent = input.value.trim() ? words.tooShort : "";
      return;
    }
    status.textContent = counted(answer.matches.length);
    await showMore();
  } catch {
    asked = null;
    if (ticket === pending) status.textContent = words.unavailable;
  } finally {
    if (ticket === pending) list.removeAttribute("aria-busy");
  }
}

try {
  // The engine's address is the page's, as every edition has its own: an import is resolved
  // from this script's address otherwise.
  const { openIndex } = await import(new URL(form.dataset.engine, document.baseURI));
  index = await openIndex(load);
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") ?? "";
  for (const name of filters) form.elements[name].value = params.get(name) ?? "";
  form.hidden = false;
  input.addEventListener("input", search);
  form.addEventListener("change", search);
  form.addEventListener("submit", (event) => event.preventDefault());
  more.addEventListener("click", showMore);
  if (input.value) search();
} catch {
  status.textContent = words.unavailable;
}
