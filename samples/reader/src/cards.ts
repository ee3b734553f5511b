import type { ArticleSummary } from "./api.js";
import { h } from "./dom.js";
import { formatShortDate } from "./format.js";
import { articleHref, categoryHref } from "./links.js";

/** An article in a list: its title links to it; language and direction are the article's own. */
export function articleCard(article: ArticleSummary, headingLevel: 2 | 3 = 2, extra?: Node): HTMLLIElement {
  const heading = h(headingLevel === 2 ? "h2" : "h3", { class: "card-title" },
    h("a", { href: articleHref(article.slug) }, article.title));
  return h("li", null,
    h("article", { class: "card", lang: article.language, dir: article.direction },
      heading,
      extra ?? (article.excerpt ? h("p", { class: "card-excerpt" }, article.excerpt) : null),
      h("p", { class: "card-meta", lang: "ar", dir: "rtl" },
        h("a", { href: categoryHref(article.category.slug) }, article.category.name),
        " · ",
        h("time", { datetime: article.publishedAt }, formatShortDate(article.publishedAt)))));
}

export function cardList(label: string, articles: readonly ArticleSummary[], headingLevel: 2 | 3 = 2): HTMLOListElement {
  return h("ol", { class: "cards", "aria-label": label }, articles.map(article => articleCard(article, headingLevel)));
}
