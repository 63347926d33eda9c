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
const months = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
  month: "long", timeZone: "UTC",
});
// As the pages write dates: 29 May 2025.
const human = (iso) => {
  const date = new Date(`${iso}T00:00:00Z`);
  return `${date.getUTCDate()} ${months.format(date)} ${date.getUTCFullYear()}`;
};

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
  meta.textContent = `${result.verdict} · claimed by ${result.claimant} · published ${human(result.published)}`;
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
  const said = `${total} fact check${total === 1 ? "" : "s"} found`;
  return total > SHOWN ? `${said}, most relevant first` : said;
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
      status.textContent = input.value.trim() ? "Type at least two letters of a word." : "";
      return;
    }
    status.textContent = counted(answer.matches.length);
    await showMore();
  } catch {
    asked = null;
    if (ticket === pending) status.textContent = "Search is not available just now; the lists below still work.";
  } finally {
    if (ticket === pending) list.removeAttribute("aria-busy");
  }
}

try {
  const { openIndex } = await import(form.dataset.engine);
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
  status.textContent = "Search is not available just now; the lists below still work.";
}
