// The site's search, over Pagefind's index (built by mkdocs_site/search_index.py after both languages).
// `find` is what the header box shows and what the tests and the benchmark measure: one ranking.
// Nothing is fetched until a reader focuses the box; then Pagefind fetches only the index chunks
// and fragments a query needs, from this site (no other host).

const KIND_ORDER = { initiative: 0, theme: 1, glossary: 2, page: 3 };
const SHOWN = 10; // results ranked and shown (Pagefind's own order beyond)
const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
// The index holds each Chinese character and punctuation mark as a word: mkdocs_site/search_index.py puts
// a space on each side, which the excerpts shown leave out again.
const CJK = "\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef";
const INDEX_SPACE = new RegExp(`(?<=[${CJK}](?:</?mark>)?) | (?=(?:</?mark>)?[${CJK}])`, "gu");

let engine = null; // Promise of { pagefind, aliases, english }

function settings() {
  const root = document.querySelector("[data-zibo-search]");
  return {
    bundle: new URL(root.dataset.bundle, document.baseURI),
    aliases: new URL(root.dataset.aliases, document.baseURI),
    english: !document.documentElement.lang.startsWith("zh"),
  };
}

export function load() {
  engine ??= (async () => {
    const { bundle, aliases, english } = settings();
    const pagefind = await import(new URL("pagefind.js", bundle).href);
    await pagefind.options({ excerptLength: english ? 24 : 40 });
    await pagefind.init();
    const table = await fetch(aliases).then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
    return { pagefind, aliases: table, english };
  })();
  return engine;
}

// A reader's query as Pagefind should see it: the parts that every result must match, and the
// aliases expanded ("国企" → "国有企业"). Short forms become the term the texts use (glossary
// `aliases`). Chinese words become the quoted phrase of their characters, which the index holds one
// per word ("一 次 办 好"): a reader finds the word wherever it stands, even inside a compound
// (卫生 in 公共卫生), never a different word (人才, not 人事), in both languages' pages.
export function prepare(query, aliases, english) {
  const expanded = [];
  const words = query.trim().split(/\s+/).filter(Boolean).map((word) => {
    const key = word.toLocaleLowerCase();
    const entry = aliases[key] ?? (/^[A-Za-z]+s$/.test(word) ? aliases[key.slice(0, -1)] : undefined);
    if (!entry) return word;
    const term = english ? entry.en : entry.zh;
    expanded.push([word, term]);
    return term;
  });
  const phrases = [];
  const rest = words
    .join(" ")
    .replace(HAN_RUN, (run) => {
      phrases.push([...run]);
      return " ";
    })
    .trim();
  const parts = [...phrases.map((chars) => `"${chars.join(" ")}"`), rest].filter(Boolean);
  // When no page has every phrase as written (a reader leaves out the 、 of 东优、西融), every
  // character anywhere in the page.
  const loose = [phrases.flat().join(" "), rest].filter(Boolean).join(" ");
  return { parts, loose: phrases.length ? loose : null, expanded };
}

// Pagefind's results (best first) that match every part: each part is searched on its own (Pagefind
// takes one quoted phrase per search) and the scores of a page add up.
async function matchAll(pagefind, parts, filters) {
  const searches = await Promise.all(parts.map((part) => pagefind.search(part, { filters })));
  const [first, ...others] = searches.map((search) => search?.results ?? []);
  const found = new Map(first.map((result) => [result.id, { result, score: result.score }]));
  for (const results of others) {
    const here = new Map(results.map((result) => [result.id, result]));
    for (const [id, entry] of found) {
      if (here.has(id)) entry.score += here.get(id).score;
      else found.delete(id);
    }
  }
  return [...found.values()].sort((a, b) => b.score - a.score).map((entry) => entry.result);
}

function fold(text) {
  return text.replace(/\s+/g, " ").trim().toLocaleLowerCase();
}

// Pagefind's excerpt, for display: without the spaces the index put around Chinese characters, and
// with adjacent marks joined, so that 公共卫生 is highlighted whole.
export function tidy(excerpt) {
  return excerpt.replace(INDEX_SPACE, "").replace(/<\/mark><mark>/g, "");
}

// Ranked results: a page whose title is the query first; then initiatives, themes, the glossary,
// other pages; within each, Pagefind's relevance. Each: url, title, excerpt (HTML with <mark>), kind.
// One search at a time: Pagefind 1.5 runs concurrent searches in one shared WebAssembly state, and a
// reader typing "lion" saw the highlights of the earlier "lo" ("look") in the results of "lion".
// `stale()` is asked when a search's turn comes: a query typed over by then is not searched (null).
let queue = Promise.resolve();
export function find(query, filters = {}, stale = () => false) {
  const turn = queue.then(() => (stale() ? null : findNow(query, filters)));
  queue = turn.catch(() => {});
  return turn;
}

async function findNow(query, filters) {
  const { pagefind, aliases, english } = await load();
  const { parts, loose, expanded } = prepare(query, aliases, english);
  if (!parts.length) return Object.assign([], { expanded, total: 0 });
  const active = await indexFilters(pagefind, filters);
  let matches = await matchAll(pagefind, parts, active);
  if (!matches.length && loose) matches = await matchAll(pagefind, [loose], active);
  const loaded = await Promise.all(matches.slice(0, SHOWN).map((result) => result.data()));
  const wanted = new Set([fold(query), ...expanded.map(([, term]) => fold(term))]);
  const results = loaded.map((data, position) => ({
    url: data.url,
    title: (data.meta.title ?? data.url).replace(INDEX_SPACE, ""),
    excerpt: tidy(data.excerpt),
    kind: data.meta.kind ?? "page",
    rank: [wanted.has(fold((data.meta.title ?? "").replace(INDEX_SPACE, ""))) ? 0 : 1, KIND_ORDER[data.meta.kind] ?? 3, position],
  }));
  results.sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.rank[2] - b.rank[2]);
  return Object.assign(results, { expanded, total: matches.length });
}

// The filters and their values as readers read them: { theme: { "营商环境": 3, … }, status: … }.
export async function filters() {
  const { pagefind } = await load();
  const available = await pagefind.filters();
  return Object.fromEntries(
    Object.entries(available).map(([name, values]) => [
      name,
      Object.fromEntries(Object.entries(values).map(([value, count]) => [value.replace(INDEX_SPACE, ""), count])),
    ]),
  );
}

// Filter values as the index holds them (with its spaces between Chinese characters).
async function indexFilters(pagefind, chosen) {
  const wanted = Object.entries(chosen).filter(([, value]) => value);
  if (!wanted.length) return {};
  const available = await pagefind.filters();
  return Object.fromEntries(
    wanted.map(([name, value]) => {
      const raw = Object.keys(available[name] ?? {}).find((key) => key.replace(INDEX_SPACE, "") === value);
      return [name, raw ?? value];
    }),
  );
}

// ---- The header search box ------------------------------------------------------------------

export function mount(root) {
  const input = root.querySelector(".zibo-search__input");
  const panel = root.querySelector(".zibo-search__panel");
  const opener = root.querySelector(".zibo-search__open");
  const list = root.querySelector(".zibo-search__results");
  const status = root.querySelector(".zibo-search__status");
  const selects = [...root.querySelectorAll(".zibo-search__filter")];
  const words = JSON.parse(root.querySelector(".zibo-search__labels").textContent);
  let latest = 0;

  const showResults = (visible) => {
    list.hidden = !visible;
    root.classList.toggle("zibo-search--results", visible);
  };
  const open = () => {
    root.classList.add("zibo-search--open");
    opener.setAttribute("aria-expanded", "true");
    input.focus();
  };
  const close = (focusTarget) => {
    showResults(false);
    status.textContent = "";
    if (root.classList.contains("zibo-search--open")) {
      root.classList.remove("zibo-search--open");
      opener.setAttribute("aria-expanded", "false");
      focusTarget = getComputedStyle(opener).display === "none" ? input : opener;
    }
    focusTarget?.focus();
  };

  const fillFilters = async () => {
    const available = await filters();
    for (const select of selects) {
      const values = Object.keys(available[select.dataset.filter] ?? {}).sort((a, b) => a.localeCompare(b));
      for (const value of values) select.add(new Option(value, value));
    }
  };
  load().then(fillFilters, () => {});

  const run = async () => {
    const query = input.value;
    const mine = ++latest;
    if (!query.trim()) {
      list.replaceChildren();
      showResults(false);
      status.textContent = "";
      return;
    }
    const chosen = Object.fromEntries(selects.map((select) => [select.dataset.filter, select.value]));
    const results = await find(query, chosen, () => mine !== latest);
    if (results === null || mine !== latest) return;
    const expansion = results.expanded.map(([alias, term]) => `${alias} → ${term}`).join("; ");
    const shown = results.map(render);
    if (expansion && shown.length) {
      // What the short form was searched as, visible: no result is found by hidden words.
      const note = document.createElement("li");
      note.className = "zibo-search__expansion";
      note.textContent = expansion;
      shown.unshift(note);
    }
    list.replaceChildren(...shown);
    showResults(results.length > 0);
    const count = results.length
      ? words.count.replace("{count}", String(results.total ?? results.length))
      : words.none;
    status.textContent = expansion ? `${expansion} · ${count}` : count;
  };

  const render = (result) => {
    const item = document.createElement("li");
    item.className = "zibo-search__result";
    const link = document.createElement("a");
    link.href = result.url;
    const title = document.createElement("span");
    title.className = "zibo-search__title";
    title.textContent = result.title;
    const excerpt = document.createElement("span");
    excerpt.className = "zibo-search__excerpt";
    excerpt.innerHTML = result.excerpt; // Pagefind escapes the page text; only <mark> is markup
    link.append(title, excerpt);
    item.append(link);
    return item;
  };

  input.addEventListener("input", run);
  for (const select of selects) select.addEventListener("change", run);
  opener.addEventListener("click", () => (root.classList.contains("zibo-search--open") ? close() : open()));
  root.querySelector("form").addEventListener("submit", (event) => {
    event.preventDefault();
    list.querySelector("a")?.click();
  });
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close(input);
    } else if (event.key === "ArrowDown" && !list.hidden) {
      const links = [...list.querySelectorAll("a")];
      const next = links[links.indexOf(document.activeElement) + 1];
      if (next) {
        event.preventDefault();
        next.focus();
      }
    } else if (event.key === "ArrowUp" && !list.hidden) {
      const links = [...list.querySelectorAll("a")];
      const at = links.indexOf(document.activeElement);
      if (at >= 0) {
        event.preventDefault();
        (links[at - 1] ?? input).focus();
      }
    }
  });
  document.addEventListener("click", (event) => {
    if (!root.contains(event.target) && !list.hidden) showResults(false);
  });
  input.addEventListener("click", () => list.children.length && showResults(true));
  // What the reader did before this script arrived: opened the box (phones), or typed already.
  if (root.dataset.wantsOpen) open();
  delete root.dataset.wantsOpen;
  if (input.value) run();
}
