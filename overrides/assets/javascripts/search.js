// The site's search, over Pagefind's index (built by mkdocs_site/search_index.py after both languages).
// `find` is what the header box shows and what the tests and the benchmark measure: one ranking.
// Nothing is fetched until a reader focuses the box; then Pagefind fetches only the index chunks
// and fragments a query needs, from this site (no other host).

const KIND_ORDER = { initiative: 0, theme: 1, glossary: 2, page: 3 };
export const SHOWN = 10; // results shown at first, and added by each "show more"
const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
// The index holds each Chinese character and punctuation mark as a word: mkdocs_site/search_index.py puts
// a space on each side, which the excerpts shown leave out again.
const CJK = "\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef";
const INDEX_SPACE = new RegExp(`(?<=[${CJK}](?:</?mark>)?) | (?=(?:</?mark>)?[${CJK}])`, "gu");
// Pagefind ends each block of text with "."; between Chinese blocks the excerpt shows "…" instead.
const BLOCK_END = new RegExp(`(?<=[\\p{Script=Han}](?:</mark>)?)\\.|(?<=[\\u3000-\\u303f\\uff00-\\uffef](?:</mark>)?)\\.`, "gu");
// The parts of an initiative page an excerpt may come from, by the id that starts each
// (generator/templates/initiative.md.j2): never the title, kicker, facts box, progress or citation,
// which every initiative page repeats (their words are still found, with little weight).
const EXCERPT_FROM = new Set(["zibo-summary", "zibo-text", "zibo-measures"]);

let engine = null; // Promise of { pagefind, table, english }

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
    // On the main thread: Pagefind's worker is one more script to fetch before the first search, which
    // a phone on a slow network waits for (bench/first_query.py), and this index is small. (search.html
    // may have started Pagefind already, with the same option; other options apply after `init`.)
    await pagefind.options({ noWorker: true });
    await pagefind.init();
    await pagefind.options({ excerptLength: english ? 24 : 40 });
    const table = await fetch(aliases).then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
    return { pagefind, table: { aliases: table.aliases ?? {}, synonyms: table.synonyms ?? {} }, english };
  })();
  return engine;
}

function fold(text) {
  return text.replace(/\s+/g, " ").trim().toLocaleLowerCase();
}

function lookUp(map, word) {
  const key = fold(word);
  return map[key] ?? (/^[A-Za-z -]+s$/.test(word) ? map[key.slice(0, -1)] : undefined);
}

// Pagefind's parts of one wording: every part must match. Chinese words become the quoted phrase of
// their characters, which the index holds one per word ("一 次 办 好"): a reader finds the word wherever
// it stands, even inside a compound (卫生 in 公共卫生), never a different word (人才, not 人事).
function partsOf(text) {
  const phrases = [];
  const rest = text
    .replace(HAN_RUN, (run) => {
      phrases.push([...run]);
      return " ";
    })
    .trim();
  const parts = [...phrases.map((chars) => `"${chars.join(" ")}"`), rest].filter(Boolean);
  // When no page has every phrase as written (a reader leaves out the 、 of 东优、西融), every
  // character anywhere in the page: a partial match, and said so.
  const loose = phrases.length ? [phrases.flat().join(" "), rest].filter(Boolean).join(" ") : null;
  return { parts, loose };
}

// A reader's query as Pagefind should see it: its wordings (each a list of parts that must all match),
// and what was searched besides what was typed. Short forms become the term the texts use (glossary
// `aliases`: "国企" → "国有企业", also inside a longer word: 国企改革 → 国有企业改革); synonyms add the words
// of the texts they stand for (glossary `synonyms`: "人才" → 招才引智, talent), in both languages.
export function prepare(query, table, english) {
  const expanded = [];
  const hanAliases = Object.keys(table.aliases).filter((alias) => HAN.test(alias)).sort((a, b) => b.length - a.length);
  const words = query.trim().split(/\s+/).filter(Boolean).map((word) => {
    const entry = lookUp(table.aliases, word);
    if (entry) {
      expanded.push([word, english ? entry.en : entry.zh]);
      return english ? entry.en : entry.zh;
    }
    const inside = HAN.test(word) && hanAliases.find((alias) => word.includes(alias));
    if (!inside) return word;
    const term = table.aliases[inside].zh;
    expanded.push([inside, term]);
    return word.replace(inside, term);
  });
  const aliased = [...expanded];
  const typed = words.join(" ");
  const wordings = [typed];
  const shown = (targets) => {
    const mine = targets.filter((target) => HAN.test(target) === !english);
    return (mine.length ? mine : targets).join(" / ");
  };
  const whole = words.length > 1 ? lookUp(table.synonyms, query) : undefined;
  if (whole) {
    wordings.push(...whole);
    expanded.push([query.trim(), shown(whole)]);
  } else {
    words.forEach((word, position) => {
      const targets = lookUp(table.synonyms, word);
      if (!targets) return;
      for (const target of targets) wordings.push(words.map((w, i) => (i === position ? target : w)).join(" "));
      expanded.push([word, shown(targets)]);
    });
  }
  const first = partsOf(typed);
  return { wordings: wordings.map((wording) => partsOf(wording).parts), loose: first.loose, expanded, aliased };
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
  return found;
}

// The pages that match any wording, each with its best score.
async function matchAny(pagefind, wordings, filters) {
  const merged = new Map();
  for (const found of await Promise.all(wordings.map((parts) => matchAll(pagefind, parts, filters)))) {
    for (const [id, entry] of found) {
      if (!merged.has(id) || merged.get(id).score < entry.score) merged.set(id, entry);
    }
  }
  return [...merged.values()].sort((a, b) => b.score - a.score).map((entry) => entry.result);
}

// Pagefind's excerpt, for display: without the spaces the index put around Chinese characters, with
// adjacent marks joined (公共卫生 is highlighted whole), and "…" between Chinese blocks.
export function tidy(excerpt) {
  return excerpt
    .replace(INDEX_SPACE, "")
    .replace(/<\/mark><mark>/g, "")
    .replace(BLOCK_END, (dot, at, text) => (/[\u3000-\u303f\uff00-\uffef]$/u.test(text.slice(0, at).replace(/<\/mark>$/, "")) ? "" : "…"));
}

// Where the page has the words searched: Chinese phrases matched character by character (Pagefind
// reports one place per phrase only), other words where Pagefind found them.
function placesOf(words, data, searched) {
  const places = new Set(data.weighted_locations.filter((l) => l.weight >= 0.5).map((l) => l.location));
  const tokens = words.map((word) => word.trim().replace(/\.$/, ""));
  for (const phrase of searched) {
    const chars = [...phrase];
    for (let at = 0; at + chars.length <= tokens.length; at++) {
      if (chars.every((char, i) => tokens[at + i] === char)) chars.forEach((_, i) => places.add(at + i));
    }
  }
  // A lone Chinese character (of a partial match) is not highlighted: only words are.
  const lone = (at) => HAN.test(tokens[at]) && [...tokens[at]].length === 1 && !places.has(at - 1) && !places.has(at + 1);
  return new Set([...places].filter((at) => !lone(at)));
}

// The excerpt of an initiative page: the densest window of places found in its own text (summary, text,
// measures: EXCERPT_FROM), else the start of its summary. Other pages: Pagefind's excerpt. ``translated``:
// an English query on an English page, whose Chinese original beside the text may hold the words searched
// for it (hospital → 医疗): the excerpt comes from the English.
function excerptOf(data, length, searched, translated) {
  const marks = (data.anchors ?? []).filter((a) => a.id?.startsWith("zibo-")).sort((a, b) => a.location - b.location);
  if (!marks.length) return tidy(data.excerpt);
  // Pagefind's words: between zero-width spaces where its Chinese segmenter ran, else between spaces.
  const content = data.raw_content ?? "";
  const joiner = content.includes("\u200B") ? "" : " ";
  const words = joiner ? content.split(/[\r\n\s]+/g) : content.split("\u200B");
  const allowed = (location) => EXCERPT_FROM.has(marks.filter((a) => a.location <= location).at(-1)?.id);
  const places = [...placesOf(words, data, searched)]
    .filter((at) => allowed(at) && !(translated && HAN.test(words[at])))
    .sort((a, b) => a - b);
  // A window stays inside the part it starts in (text and measures are one part).
  const windowAt = (place) => {
    const part = marks.filter((a) => a.location <= place).at(-1);
    const from = Math.max(part?.location ?? 0, place - Math.floor(length / 3));
    const end = marks.find((a) => a.location > from && !EXCERPT_FROM.has(a.id))?.location ?? words.length;
    return [from, Math.min(from + length, end)];
  };
  let [start, end] = windowAt(marks.find((a) => a.id === "zibo-summary")?.location ?? 0);
  let best = 0;
  for (const place of places) {
    const [from, to] = windowAt(place);
    const held = places.filter((p) => p >= from && p < to).length;
    if (held > best) [best, start, end] = [held, from, to];
  }
  const marked = new Set(places);
  const shown = words.slice(start, end).map((word, i) => (marked.has(start + i) ? `<mark>${word}</mark>` : word));
  return tidy(shown.join(joiner).trim());
}

// Ranked results: a page titled as the query first; then initiatives whose title or short title has
// the query (or a word searched for it); then initiatives, themes, the glossary, other pages; within
// each, by relevance. Each: url, title, excerpt (HTML with <mark>), kind. `total`: every page found;
// `partial`: no page has the words as typed, these have their characters. `limit`: results wanted.
// One search at a time: Pagefind 1.5 runs concurrent searches in one shared WebAssembly state, and a
// reader typing "lion" saw the highlights of the earlier "lo" ("look") in the results of "lion".
// `stale()` is asked when a search's turn comes: a query typed over by then is not searched (null).
let queue = Promise.resolve();
export function find(query, filters = {}, stale = () => false, limit = SHOWN) {
  // Asked again once the index has loaded and before the excerpts are fetched: on a slow phone the first
  // keys' searches would otherwise fetch pages nobody waits for, ahead of the last key's.
  const turn = queue.then(() => load()).then(() => (stale() ? null : findNow(query, filters, limit, stale)));
  queue = turn.catch(() => {});
  return turn;
}

// Whether a title has one of the words: Chinese anywhere, other words where a word starts.
function titled(title, words) {
  const text = fold(title.replace(INDEX_SPACE, ""));
  return words.some((word) => {
    const at = text.indexOf(word);
    return at >= 0 && (HAN.test(word) || at === 0 || !/[\p{L}\p{N}]/u.test(text[at - 1]));
  });
}

async function findNow(query, filters, limit, stale) {
  const { pagefind, table, english } = await load();
  const { wordings, loose, expanded, aliased } = prepare(query, table, english);
  const empty = Object.assign([], { expanded, total: 0, partial: false });
  if (!wordings[0].length) return empty;
  const active = await indexFilters(pagefind, filters);
  let matches = await matchAny(pagefind, wordings, active);
  let partial = false;
  if (!matches.length && loose) {
    matches = await matchAny(pagefind, [[loose]], active);
    partial = matches.length > 0;
  }
  const length = english ? 24 : 40;
  // The Chinese phrases searched, to highlight where the page has them (not single characters).
  const phrases = [...new Set(wordings.flat().map((part) => part.replace(/"/g, "").replace(/ /g, "")).filter((part) => HAN.test(part) && !/\s/.test(part)))];
  if (stale()) return null;
  const loaded = await Promise.all(matches.slice(0, limit).map((result) => result.data()));
  const exact = new Set([fold(query), ...aliased.map(([, term]) => fold(term))]);
  const searched = partial ? [] : [...new Set(wordings.map((parts) => fold(parts.join(" ").replace(/"/g, "").replace(INDEX_SPACE, ""))))];
  const results = loaded.map((data, position) => {
    const title = (data.meta.title ?? data.url).replace(INDEX_SPACE, "");
    const kind = data.meta.kind ?? "page";
    const named = kind === "initiative" && (titled(title, searched) || titled(data.meta.short ?? "", searched));
    return {
      url: data.url,
      title,
      excerpt: excerptOf(data, length, phrases, english && !HAN.test(query)),
      kind,
      rank: [exact.has(fold(title)) ? 0 : named ? 1 : 2, KIND_ORDER[kind] ?? 3, position],
    };
  });
  results.sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.rank[2] - b.rank[2]);
  return Object.assign(results, { expanded, total: matches.length, partial });
}

// Fetch the index chunks a query needs while the reader types, beside the search running (which may be
// an earlier key's): only chunks are loaded, no search runs, so the one-at-a-time rule of `find` holds.
export async function preload(query) {
  const { pagefind, table, english } = await load();
  const parts = prepare(query, table, english).wordings.flat();
  await Promise.all(parts.map((part) => pagefind.preload(part))).catch(() => {});
}

// The filters and their values as readers read them: { theme: ["营商环境", …], status: … }. From the list
// the build writes (mkdocs_site/search_index.py, FILTER_VALUES), not Pagefind's filter files, which list
// every page of each value: a first query need not fetch them (Pagefind does once a filter is chosen).
export async function filters() {
  const { bundle } = settings();
  const table = await fetch(new URL("filter-values.json", bundle)).then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
  const language = document.documentElement.lang.toLowerCase();
  const available = table[language] ?? table[language.split("-")[0]] ?? {};
  return Object.fromEntries(
    Object.entries(available).map(([name, values]) => [name, values.map((value) => value.replace(INDEX_SPACE, ""))]),
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
      const values = [...(available[select.dataset.filter] ?? [])].sort((a, b) => a.localeCompare(b));
      for (const value of values) select.add(new Option(value, value));
    }
  };
  // After the first answer (or when a filter is reached for): their files wait behind no query.
  let filled = null;
  const fill = () => (filled ??= load().then(fillFilters, () => {}));
  for (const select of selects) select.addEventListener("focus", fill);

  // A line of the list for the reader's eyes; the status line (role=status) says the same to a screen reader.
  const note = (className, text) => {
    const item = document.createElement("li");
    item.className = className;
    item.setAttribute("aria-hidden", "true");
    item.textContent = text;
    return item;
  };
  let limit = SHOWN;
  let previous = []; // what the list shows: "show more" adds below it, never reorders what was read
  const run = async (more = false) => {
    const query = input.value;
    const mine = ++latest;
    limit = more ? limit + SHOWN : SHOWN;
    if (!query.trim()) {
      list.replaceChildren();
      showResults(false);
      status.textContent = "";
      return;
    }
    const chosen = Object.fromEntries(selects.map((select) => [select.dataset.filter, select.value]));
    // "Searching…" when the answer takes a moment (the index still loading on a slow connection).
    const waiting = setTimeout(() => {
      if (mine !== latest) return;
      list.replaceChildren(note("zibo-search__state", words.searching));
      showResults(true);
      status.textContent = words.searching;
    }, 100);
    const found = await find(query, chosen, () => mine !== latest, limit);
    clearTimeout(waiting);
    if (found === null || mine !== latest) return;
    const seen = new Set(more ? previous.map((result) => result.url) : []);
    const kept = more ? previous.filter((result) => found.some((other) => other.url === result.url)) : [];
    const { expanded, total, partial } = found;
    const results = Object.assign([...kept, ...found.filter((result) => !seen.has(result.url))], { expanded, total, partial });
    previous = results;
    const expansion = results.expanded.map(([alias, term]) => `${alias} → ${term}`).join("; ");
    let count = results.total === 1 ? words.count_one : words.count.replace("{count}", String(results.total));
    if (!results.length) {
      const filtered = selects.some((select) => select.value);
      const suggestion = filtered ? words.suggest_filters : words.suggest;
      count = words.none_for.replace("{query}", query.trim()).replace("{suggestion}", suggestion);
    } else if (results.partial) {
      count = `${words.partial} · ${count}`;
    }
    const shown = [note(`zibo-search__state${results.length ? "" : " zibo-search__state--none"}`, count)];
    // What a short form or synonym was searched as, visible: no result is found by hidden words.
    if (expansion) shown.push(note("zibo-search__expansion", expansion));
    shown.push(...results.map(render));
    if (results.total > results.length) {
      const item = document.createElement("li");
      item.className = "zibo-search__more";
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = words.more.replace("{count}", String(results.total - results.length));
      button.addEventListener("click", async () => {
        const before = results.length;
        await run(true);
        list.querySelectorAll(".zibo-search__result a")[before]?.focus();
      });
      item.append(button);
      shown.push(item);
    }
    list.replaceChildren(...shown);
    showResults(true);
    status.textContent = expansion ? `${expansion} · ${count}` : count;
    fill();
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

  input.addEventListener("input", () => {
    preload(input.value);
    run();
  });
  for (const select of selects) select.addEventListener("change", () => run());
  // The opener opens and closes the box itself (search.html, before this script arrives); closed, no list.
  opener.addEventListener("click", () => root.classList.contains("zibo-search--open") || showResults(false));
  root.querySelector("form").addEventListener("submit", (event) => {
    event.preventDefault();
    list.querySelector("a")?.click();
  });
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close(input);
    } else if (event.key === "ArrowDown" && !list.hidden) {
      const links = [...list.querySelectorAll("a, button")];
      const next = links[links.indexOf(document.activeElement) + 1];
      if (next) {
        event.preventDefault();
        next.focus();
      }
    } else if (event.key === "ArrowUp" && !list.hidden) {
      const links = [...list.querySelectorAll("a, button")];
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
  // What the reader typed before this script arrived (the box opens and takes keys from the first tap).
  if (input.value) run();
}
