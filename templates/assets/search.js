// Search with Pagefind's index (built beside the site in pagefind/); the form shows only when
// this script runs, so readers without JavaScript see the browse links instead.
const form = document.querySelector(".search-form");
const input = document.getElementById("search-query");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const siteRoot = new URL("../", document.baseURI);

let pagefind;
try {
  pagefind = await import(new URL("pagefind/pagefind.js", siteRoot).href);
  await pagefind.options({ baseUrl: siteRoot.pathname });
  form.hidden = false;
} catch {
  status.textContent = "Search is not available here (the preview does not build its index).";
}

function show(results, query) {
  list.replaceChildren(...results.map(({ url, meta, excerpt }) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = url;
    link.textContent = meta.title;
    const text = document.createElement("p");
    text.innerHTML = excerpt; // Pagefind escapes the text and adds only <mark> around matches
    item.append(link, text);
    return item;
  }));
  status.textContent = query ? `${results.length} fact check${results.length === 1 ? "" : "s"} found` : "";
}

let pending = 0;
async function search() {
  const query = input.value.trim();
  const ticket = ++pending;
  const found = query ? await pagefind.search(query) : { results: [] };
  const results = await Promise.all(found.results.slice(0, 20).map((result) => result.data()));
  if (ticket === pending) show(results, query);
}

if (pagefind) {
  input.addEventListener("input", search);
  form.addEventListener("submit", (event) => { event.preventDefault(); search(); });
  const query = new URLSearchParams(location.search).get("q");
  if (query) { input.value = query; search(); }
}
