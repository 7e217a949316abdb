// Minimal Eleventy 3 site mirroring Teladan's pages (see benchmarks/others/README.md).
const RANKS = ["1", "2", "3", "harapan-1", "harapan-2", "harapan-3"];
const PER_PAGE = 24;
const cache = new WeakMap(); // one grouping per build (keyed by the collection API object)

function groups(api) {
  if (cache.has(api)) return cache.get(api);
  const items = api.getFilteredByTag("pilar");
  const catOrder = items.length ? items[0].data.category_order : [];
  const key = (p) => {
    const d = p.data;
    const r = d.rank === undefined ? 99 : RANKS.indexOf(String(d.rank));
    return [-d.year, catOrder.indexOf(d.category), r, String(d.name).toLowerCase(), p.fileSlug];
  };
  const keyed = items.map((p) => [key(p), p]);
  keyed.sort((a, b) => {
    for (let i = 0; i < 5; i++) {
      if (a[0][i] < b[0][i]) return -1;
      if (a[0][i] > b[0][i]) return 1;
    }
    return 0;
  });
  const profiles = keyed.map((k) => k[1]);
  const by = (f) => {
    const m = {};
    for (const p of profiles) (m[f(p.data)] ??= []).push(p);
    return m;
  };
  const g = {
    profiles,
    catOrder,
    byCategory: by((d) => d.category),
    byProvince: by((d) => d.province),
    byYear: by((d) => String(d.year)),
    byCatYear: by((d) => `${d.category}-${d.year}`),
  };
  cache.set(api, g);
  return g;
}

function chunks(list, size) {
  const out = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

export default function (eleventyConfig) {
  eleventyConfig.addCollection("profiles", (api) => groups(api).profiles);
  eleventyConfig.addCollection("byProvince", (api) => groups(api).byProvince);
  eleventyConfig.addCollection("byCatYear", (api) => groups(api).byCatYear);
  // One entry per page of each category's and province's list, 24 profiles a page.
  eleventyConfig.addCollection("termPages", (api) => {
    const g = groups(api);
    const pages = [];
    for (const [tax, map] of [["kategori", g.byCategory], ["provinsi", g.byProvince]]) {
      for (const term of Object.keys(map).sort()) {
        const parts = chunks(map[term], PER_PAGE);
        parts.forEach((items, i) => {
          const base = `/${tax}/${term}/`;
          pages.push({
            tax, term, items, total: map[term].length, number: i + 1, count: parts.length, base,
            href: i === 0 ? base : `${base}halaman/${i + 1}/`,
          });
        });
      }
    }
    return pages;
  });
  // One unpaginated page per year, grouped by category (as Teladan's year pages).
  eleventyConfig.addCollection("yearPages", (api) => {
    const g = groups(api);
    return Object.keys(g.byYear).sort().reverse().map((year) => {
      const list = g.byYear[year];
      const byCat = {};
      for (const p of list) (byCat[p.data.category] ??= []).push(p);
      return { year, total: list.length, groups: g.catOrder.filter((c) => byCat[c]).map((c) => ({ category: c, items: byCat[c] })) };
    });
  });
  eleventyConfig.addCollection("overviews", (api) => {
    const g = groups(api);
    const counts = (m) => Object.keys(m).sort().map((k) => ({ term: k, count: m[k].length }));
    return { kategori: counts(g.byCategory), provinsi: counts(g.byProvince), tahun: counts(g.byYear) };
  });
  // Teladan's pager: every page up to 9, else first, last and 2 either side (null = gap).
  eleventyConfig.addFilter("pageWindow", (number, count) => {
    if (count <= 9) return Array.from({ length: count }, (_, i) => i + 1);
    let low = Math.max(2, number - 2), high = Math.min(count - 1, number + 2);
    if (low === 3) low = 2;
    if (high === count - 2) high = count - 1;
    const shown = [1];
    if (low > 2) shown.push(null);
    for (let i = low; i <= high; i++) shown.push(i);
    if (high < count - 1) shown.push(null);
    shown.push(count);
    return shown;
  });
  eleventyConfig.addFilter("related", (group, url) => {
    const out = [];
    for (const p of (group || []).slice(0, 7)) if (p.url !== url && out.length < 6) out.push(p);
    return out;
  });
  return {
    templateFormats: ["md", "njk"],
    markdownTemplateEngine: false, // bodies are plain Markdown, as in Teladan and Hugo
    htmlTemplateEngine: "njk",
  };
}
