import { api, type ArticleSummary } from "../api.js";
import { articleCard, cardList } from "../cards.js";
import { h } from "../dom.js";
import { pageSize } from "../config.js";
import { articleHref, categoryHref } from "../links.js";
import type { View } from "./view.js";

type ArticleQuery = { category?: string; tag?: string };

/**
 * Articles newest first, a page at a time by cursor: "more" fetches the page after `nextCursor` and appends it, then
 * moves the focus to its first article, so keyboard and screen-reader users carry on where the new items begin.
 */
async function pagedArticles(query: ArticleQuery, label: string): Promise<HTMLElement> {
  const first = await api.listArticles({ ...query, pageSize });
  if (!first.items.length) return h("p", { class: "muted" }, "لا توجد مقالات هنا بعد.");
  const list = cardList(label, first.items);
  const container = h("div", null, list);
  let cursor = first.nextCursor;
  const more = h("button", { type: "button", class: "more" }, "المزيد من الأخبار");
  more.addEventListener("click", async () => {
    if (!cursor) return;
    more.disabled = true;
    try {
      const page = await api.listArticles({ ...query, pageSize, cursor });
      const cards = page.items.map(article => articleCard(article));
      list.append(...cards);
      cards[0]?.querySelector("a")?.focus();
      cursor = page.nextCursor;
      if (!cursor) more.remove();
    } finally {
      more.disabled = false;
    }
  });
  if (cursor) container.append(more);
  return container;
}

export async function homeView(): Promise<View> {
  const [latest, categories] = await Promise.all([
    pagedArticles({}, "آخر الأخبار"),
    api.listCategories({ pageSize: 100 }),
  ]);
  const top = categories.items.filter(category => category.parentId === null && category.articleCount > 0);
  const sections = await Promise.all(top.map(async category => {
    const page = await api.listArticles({ category: category.slug, pageSize: 3 });
    return { category, items: page.items as ArticleSummary[] };
  }));
  return {
    title: "آخر الأخبار",
    content: [
      h("h1", { tabindex: -1 }, "آخر الأخبار"),
      latest,
      h("section", { class: "by-category", "aria-labelledby": "by-category-heading" },
        h("h2", { id: "by-category-heading" }, "حسب القسم"),
        h("div", { class: "category-grid" }, sections.map(({ category, items }) =>
          h("section", { class: "category-block", "aria-labelledby": `category-${category.id}` },
            h("h3", { id: `category-${category.id}` }, h("a", { href: categoryHref(category.slug) }, category.name)),
            h("ul", { class: "compact-list" }, items.map(article =>
              h("li", { lang: article.language, dir: article.direction },
                h("a", { href: articleHref(article.slug) }, article.title)))))))),
    ],
  };
}

export async function categoryView(slug: string): Promise<View> {
  const category = await api.getCategory(slug);
  return {
    title: category.name,
    content: [
      h("h1", { tabindex: -1 }, category.name),
      category.description ? h("p", { class: "lead" }, category.description) : null,
      await pagedArticles({ category: category.slug }, `أخبار ${category.name}`),
    ],
  };
}

export async function tagView(slug: string): Promise<View> {
  const list = await pagedArticles({ tag: slug }, `مقالات الوسم ${slug}`);
  const name = list.querySelector(".card") ? await tagName(slug) : slug;
  return { title: `الوسم: ${name}`, content: [h("h1", { tabindex: -1 }, `الوسم: ${name}`), list] };
}

// The tag's display name: the first article in the list carries it among its tags.
async function tagName(slug: string): Promise<string> {
  const page = await api.listArticles({ tag: slug, pageSize: 1 });
  return page.items[0]?.tags.find(tag => tag.slug === slug)?.name ?? slug;
}
