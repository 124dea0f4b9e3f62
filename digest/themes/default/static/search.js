// Search page: query the Pagefind index in the browser. The rest of the site needs no JavaScript.
// Results are built with DOM calls and textContent only, so no story text is ever parsed as markup.

const form = document.querySelector("form[data-search]");
const shown = 20;
const PRIMARY = "."; // the shard filter of the primary index's pages (the shards': their folders)

if (form) {
  const input = form.querySelector("input[name=q]");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  let engine = null;
  let latest = 0;
  let timer = 0;

  // The index comes in shards (by period): the newest is the bundle itself, the others are
  // listed in shards.json next to it and merged in, so that a build re-indexes only what changed.
  // Each shard's pages carry its name as a filter (`shard`), which `honest` below reads.
  const shards = async (bundle) => {
    try {
      const response = await fetch(new URL("shards.json", bundle));
      return response.ok ? await response.json() : { shards: [] };
    } catch (error) {
      return { shards: [] };
    }
  };

  // Pagefind builds an index per language (each story page's <html lang>: a story in another
  // language than the site's is indexed as that language's text) and searches the one of this
  // page's language. shards.json lists the languages of each bundle ("" the primary) when
  // there are several: each is merged in as an index of its own, with its own shard filter.
  // The primary is loaded in this page's language when it holds it, else in its first one
  // (Pagefind takes the language from <html lang>, read as it starts). The other indexes are
  // merged all at once: Pagefind adds each to its list as it is asked (so in this order,
  // whatever loads first) and loads their files side by side, where one after the other took
  // two requests' round trips an index (a shard with Japanese and English stories: two).
  const start = async () => {
    const bundle = new URL(form.dataset.bundle, window.location.href);
    const loaded = await import(bundle.href);
    const listing = await shards(bundle);
    const languages = listing.languages ?? {};
    const root = document.documentElement;
    const own = root.lang.toLowerCase();
    const held = languages[""] ?? [];
    const first =
      held.find((language) => language === own) ??
      held.find((language) => language.split("-")[0] === own.split("-")[0]) ??
      held[0];
    // Result URLs are relative to the site root, which is a sub-path when base_url has one.
    await loaded.options({ baseUrl: form.dataset.base });
    const written = root.lang;
    if (first !== undefined) {
      root.lang = first;
    }
    const started = loaded.init();
    root.lang = written;
    await started;
    const merge = (path, shard, language) =>
      loaded.mergeIndex(path, {
        baseUrl: form.dataset.base,
        mergeFilter: { shard: language === undefined ? shard : `${shard}#${language}` },
        ...(language === undefined ? {} : { language }),
      });
    const merged = [];
    // The primary's other languages: its own folder written another way ("./" more), as
    // Pagefind merges no index from the primary's path.
    for (const language of held.filter((language) => language !== first)) {
      merged.push(merge(`${bundle.pathname.replace(/[^/]*$/, "")}./`, PRIMARY, language));
    }
    for (const shard of listing.shards) {
      const path = new URL(shard, bundle).pathname;
      const its = languages[shard];
      if (its === undefined) {
        merged.push(merge(path, shard, undefined));
      } else {
        for (const language of its) {
          merged.push(merge(path, shard, language));
        }
      }
    }
    await Promise.all(merged);
    await loaded.options({ mergeFilter: { shard: PRIMARY } });
    return loaded;
  };

  // Loaded once, when first asked: by the first search, or as soon as the search box is
  // focused, so that the index is there by the time a query is typed. A load that failed
  // is tried again by the next search.
  const load = () => {
    if (engine === null) {
      engine = start().catch((error) => {
        engine = null;
        throw error;
      });
    }
    return engine;
  };
  input.addEventListener("focus", () => load().catch(() => {}), { once: true });

  // Pagefind answers a word an index lacks with the pages of the longest part of it that the
  // index holds (Pagefind issue #793: "Algeria", in an index without it, finds the pages with
  // "alg", "al" or "a"). One index for the whole site does that only when no page has the
  // word; each shard is an index of its own, so a shard without the word would add its pages
  // to the real matches. A shard holds a word
  // when Pagefind's exact search (quoted: it never takes a part) finds it there, or when a
  // word its best result matched continues the query word, all but perhaps its last letter:
  // a longer word ("Kenyan" for "Kenya"), or a word being typed, whose stem may lose a last
  // letter ("alge" is looked up as "alg", and "algae" is a match). Results of shards that do
  // not hold every word of the query are dropped, unless no shard holds them all: then, as
  // on one index, all are kept.
  const fold = (text) =>
    text
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .toLocaleLowerCase()
      .replace(/[^\p{L}\p{N}]/gu, "");

  const matched = (data) => {
    const text = data.raw_content ?? data.content ?? "";
    const words = text.includes("\u200B") ? text.split("\u200B") : text.split(/[\r\n\s]+/g);
    return (data.locations ?? []).map((location) => fold(words[location] ?? ""));
  };

  // A word of a language written without spaces is held where the text writes it: Pagefind
  // may split it into smaller words than the query's ("新幹線" indexed as 新 and 幹線, then
  // looked up as 新, which other stories hold too: Pagefind issue #1237).
  const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

  const shared = (one, other) => {
    let length = 0;
    while (length < one.length && length < other.length && one[length] === other[length]) {
      length += 1;
    }
    return length;
  };
  const continues = (match, word) => shared(match, word) >= word.length - 1;

  const honest = async (pagefind, query, found) => {
    const counts = (result) => (result.filters && result.filters.shard) || {};
    const answering = Object.entries(counts(found))
      .filter(([, count]) => count > 0)
      .map(([shard]) => shard);
    const words = query.split(/\s+/).map(fold).filter(Boolean);
    if (answering.length < 2 || words.length === 0) {
      return found.results;
    }
    // held[i]: the shards where Pagefind's exact search finds the i-th word, or a longer word
    // that the best result matched for it (a shard holding "algeria" holds "alge"): one
    // search a word instead of one a shard, the costly part on 24 shards.
    const held = words.map(() => new Set());
    const note = async (index, forms) => {
      const exact = await Promise.all(forms.map((form) => pagefind.search(`"${form}"`)));
      for (const tally of exact.map(counts)) {
        for (const [shard, count] of Object.entries(tally)) {
          if (count > 0) {
            held[index].add(shard);
          }
        }
      }
    };
    await Promise.all(words.map((word, index) => note(index, [word])));
    const open = (shard) => words.filter((word, index) => !held[index].has(shard));
    if (answering.some((shard) => open(shard).length > 0)) {
      const best = matched(await found.results[0].data());
      await Promise.all(
        words.map((word, index) => {
          const longer = best.filter((match) => match !== word && continues(match, word));
          return note(index, [...new Set(longer)]);
        }),
      );
    }
    const holds = await Promise.all(
      answering.map(async (shard) => {
        const lacking = open(shard);
        if (lacking.length === 0) {
          return true;
        }
        const own = await pagefind.search(query, { filters: { shard } });
        if (own === null || own.results.length === 0) {
          return false;
        }
        const top = await own.results[0].data();
        const seen = matched(top);
        const text = fold(top.raw_content ?? top.content ?? "");
        return lacking.every(
          (word) =>
            seen.some((match) => continues(match, word)) || (UNSPACED.test(word) && text.includes(word)),
        );
      }),
    );
    const kept = answering.filter((shard, index) => holds[index]);
    if (kept.length === 0 || kept.length === answering.length) {
      return found.results;
    }
    const only = await pagefind.search(query, { filters: { shard: { any: kept } } });
    return only === null ? found.results : only.results;
  };

  // Pagefind excerpts are escaped text with <mark> around the matches; keep only those two.
  const excerpt = (html) => {
    const parsed = new DOMParser().parseFromString(html, "text/html");
    const fragment = document.createDocumentFragment();
    for (const node of parsed.body.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        fragment.append(mark);
      } else {
        fragment.append(document.createTextNode(node.textContent));
      }
    }
    return fragment;
  };

  const result = (data) => {
    const item = document.createElement("li");
    item.className = "search-result";
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    heading.append(link);
    const meta = document.createElement("p");
    meta.className = "teaser-meta";
    meta.textContent = [data.meta.date, data.meta.region].filter(Boolean).join(" · ");
    const text = document.createElement("p");
    text.className = "teaser-text";
    text.append(excerpt(data.excerpt));
    item.append(heading, meta, text);
    return item;
  };

  const remember = (query) => {
    const url = new URL(window.location.href);
    if (query) {
      url.searchParams.set("q", query);
    } else {
      url.searchParams.delete("q");
    }
    window.history.replaceState(null, "", url);
  };

  const run = async (raw) => {
    const ticket = ++latest;
    const query = raw.trim();
    remember(query);
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    try {
      const pagefind = await load();
      const found = await pagefind.search(query);
      if (found === null || ticket !== latest) {
        return;
      }
      // Should the check fail, Pagefind's own answer is shown, as before it.
      const results = await honest(pagefind, query, found).catch(() => found.results);
      if (ticket !== latest) {
        return;
      }
      const top = await Promise.all(results.slice(0, shown).map((hit) => hit.data()));
      if (ticket !== latest) {
        return;
      }
      list.replaceChildren(...top.map(result));
      const count = results.length;
      if (count === 0) {
        status.textContent = `No stories match “${query}”.`;
      } else {
        const more = count > shown ? `; the first ${shown} are shown` : "";
        status.textContent = `${count} ${count === 1 ? "story matches" : "stories match"} “${query}”${more}.`;
      }
    } catch (error) {
      if (ticket === latest) {
        status.textContent = "Search is not available right now; try the archive instead.";
      }
    }
  };

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => run(input.value), 250);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    window.clearTimeout(timer);
    run(input.value);
  });

  const initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
}
