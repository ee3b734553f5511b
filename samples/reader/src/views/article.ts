import { api, type ArticleDetail, type RelatedList } from "../api.js";
import { figure, renderBlocks } from "../blocks.js";
import { articleCard } from "../cards.js";
import { commentsSection } from "../comments.js";
import { h } from "../dom.js";
import { formatDate, readingTime } from "../format.js";
import { categoryHref, safeUrl, tagHref } from "../links.js";
import type { View } from "./view.js";

export async function articleView(slug: string): Promise<View> {
  // The story and its related block in one request (include=related).
  const article: ArticleDetail = await api.getArticle(slug, { include: "related" });
  const related: RelatedItem[] = article.related ?? (await api.getRelated(slug)).items;

  const body = h("article", { class: "article", lang: article.language, dir: article.direction },
    h("header", { class: "article-header" },
      h("p", { class: "kicker" }, h("a", { href: categoryHref(article.category.slug) }, article.category.name)),
      h("h1", { tabindex: -1 }, article.title),
      article.subtitle ? h("p", { class: "subtitle" }, article.subtitle) : null,
      // The byline is the site's, in Arabic, even over an article in another language.
      h("p", { class: "meta", lang: "ar", dir: "rtl" },
        article.author ? [`بقلم ${article.author.name}`, " · "] : null,
        h("time", { datetime: article.publishedAt }, formatDate(article.publishedAt)),
        " · ", readingTime(article.readingTimeMinutes))),
    article.image ? figure(article.image.url, article.image.alt, article.image.caption, article.image.credit) : null,
    h("div", { class: "article-body" }, renderBlocks(article.content.blocks)),
    article.tags.length
      ? h("footer", { class: "article-tags", lang: "ar", dir: "rtl" },
        h("h2", { class: "visually-hidden" }, "الوسوم"),
        h("ul", { class: "tags" }, article.tags.map(tag => h("li", null, h("a", { href: tagHref(tag.slug) }, tag.name)))))
      : null);

  return {
    title: article.title,
    content: [body, relatedSection(related), commentsSection(article.slug, article.commentCount, article.commentsOpen)],
  };
}

type RelatedItem = RelatedList["items"][number];

function relatedSection(related: readonly RelatedItem[]): HTMLElement | null {
  if (!related.length) return null;
  // The API puts an editor's curated choices first; keep that order (a stable sort) and say which ones they are.
  const items = [...related].sort((a, b) => rank(a) - rank(b));
  return h("section", { class: "related", "aria-labelledby": "related-heading" },
    h("h2", { id: "related-heading" }, "مقالات ذات صلة"),
    h("ol", { class: "cards related-list" }, items.map(item => {
      if (item.kind === "link") {
        const href = safeUrl(item.url);
        return h("li", { class: "related-link" },
          h("p", { class: "card-title" }, href ? h("a", { href, rel: "noopener noreferrer" }, item.title) : item.title),
          h("p", { class: "card-meta" }, "رابط خارجي"));
      }
      const card = articleCard(item.article, 3);
      if (item.reason === "curated") {
        card.classList.add("curated");
        card.querySelector(".card-meta")?.prepend(h("span", { class: "badge" }, "اختيار المحرر"), " · ");
      }
      return card;
    })));
}

const rank = (item: RelatedItem): number => item.kind === "link" || item.reason === "curated" ? 0 : 1;
