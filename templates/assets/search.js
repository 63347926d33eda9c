// Search with the index the build writes to search/index/ (see factcheck/search.py). The form
// shows only when this script runs, so readers without JavaScript see the browse links instead.
const form = document.querySelector(".search-form");
const input = document.getElementById("search-query");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const index = new URL("index/", document.baseURI);
const SHOWN = 20;
const fetched = new Map();

// As the build does: accents removed, lower case, runs of letters and digits.
const words = (text) =>
  text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().match(/[\p{L}\p{N}_]+/gu) || [];

const hex = (text) =>
  Array.from(new TextEncoder().encode(text), (byte) => byte.toString(16).padStart(2, "0")).join("");

function bucket(slug) {
  let value = 0;
  for (const char of slug) value = (Math.imul(value, 31) + char.codePointAt(0)) >>> 0;
  return (value % 256).toString(16).padStart(2, "0");
}

function load(name) {
  if (!fetched.has(name)) {
    fetched.set(name, fetch(new URL(name, index)).then((response) => {
      if (response.status === 404) return {};
      if (!response.ok) throw new Error(`${name}: ${response.status}`);
      return response.json();
    }));
  }
  return fetched.get(name);
}

// Entries are "YYYYMMDD" + slug, so sorting them puts the newest claim first.
async function claimsWith(word) {
  const entries = await load(`words-${hex(word.slice(0, 2))}.json`);
  const found = new Set();
  for (const [indexed, claims] of Object.entries(entries)) {
    if (indexed.startsWith(word)) claims.forEach((claim) => found.add(claim));
  }
  return found;
}

function marked(text, queryWords) {
  const paragraph = document.createElement("p");
  for (const part of text.split(/([\p{L}\p{N}_\p{M}]+)/u)) {
    const [word] = words(part);
    if (word && queryWords.some((query) => word.startsWith(query))) {
      const mark = document.createElement("mark");
      mark.textContent = part;
      paragraph.append(mark);
    } else {
      paragraph.append(part);
    }
  }
  return paragraph;
}

function show(records, total, queryWords) {
  list.replaceChildren(...records.map((record) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = new URL(record.url, new URL("../", document.baseURI)).href;
    link.textContent = record.title;
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = `${record.verdict} · claimed by ${record.claimant}`;
    item.append(link, meta, marked(record.summary, queryWords));
    return item;
  }));
  status.textContent = queryWords.length
    ? `${total} fact check${total === 1 ? "" : "s"} found` + (total > SHOWN ? `; the newest ${SHOWN} are shown` : "")
    : "";
}

let pending = 0;
async function search() {
  const queryWords = [...new Set(words(input.value))];
  const ticket = ++pending;
  let matches = [];
  try {
    if (queryWords.length) {
      const sets = await Promise.all(queryWords.map(claimsWith));
      matches = [...sets[0]].filter((claim) => sets.every((set) => set.has(claim)));
    }
    matches.sort().reverse();
    const slugs = matches.slice(0, SHOWN).map((entry) => entry.slice(8));
    const records = await Promise.all(
      slugs.map(async (slug) => (await load(`claims-${bucket(slug)}.json`))[slug]),
    );
    if (ticket === pending) show(records.filter(Boolean), matches.length, queryWords);
  } catch {
    if (ticket === pending) status.textContent = "Search is not available just now; the lists below still work.";
  }
}

form.hidden = false;
input.addEventListener("input", search);
form.addEventListener("submit", (event) => { event.preventDefault(); search(); });
const query = new URLSearchParams(location.search).get("q");
if (query) { input.value = query; search(); }
