import { api } from "../api.js";
import { articleCard } from "../cards.js";
import { h } from "../dom.js";
import { formatNumber } from "../format.js";
import { pageSize } from "../config.js";
import { searchHref } from "../links.js";
import { snippetNodes } from "../snippet.js";
import type { View } from "./view.js";

export async function searchView(q: string, page: number): Promise<View> {
  const heading = h("h1", { tabindex: -1 }, q ? `نتائج البحث عن «${q}»` : "البحث");
  if (!q) return { title: "البحث", content: [heading, h("p", { class: "muted" }, "اكتب كلمة في خانة البحث أعلى الصفحة.")] };

  const results = await api.search({ q, page, pageSize });
  const count = results.totalItems === 0 ? "لا نتائج. جرّب كلمة أخرى."
    : `${formatNumber(results.totalItems)} ${results.totalItems === 1 ? "نتيجة" : "نتائج"}`
      + (results.totalPages > 1 ? ` · صفحة ${formatNumber(results.page)} من ${formatNumber(results.totalPages)}` : "");
  const hits = h("ol", { class: "cards search-results", "aria-label": "نتائج البحث" }, results.items.map(hit =>
    articleCard(hit.article, 2, h("p", { class: "snippet" }, snippetNodes(hit.snippet)))));
  const pager = results.totalPages > 1
    ? h("nav", { class: "pager", "aria-label": "صفحات النتائج" },
      results.page > 1 ? h("a", { href: searchHref(q, results.page - 1), rel: "prev" }, "→ السابق") : null,
      results.page < results.totalPages ? h("a", { href: searchHref(q, results.page + 1), rel: "next" }, "التالي ←") : null)
    : null;
  return { title: `بحث: ${q}`, content: [heading, h("p", { class: "muted", role: "status" }, count), hits, pager] };
}
