import { api, NewsApiError, type Category } from "./api.js";
import { h, replace } from "./dom.js";
import { categoryHref, homeHref, searchHref } from "./links.js";
import { articleView } from "./views/article.js";
import { categoryView, homeView, tagView } from "./views/lists.js";
import { searchView } from "./views/search.js";
import type { View } from "./views/view.js";

const siteName = "قارئ الأخبار";
const main = document.getElementById("main") as HTMLElement;
const nav = document.getElementById("sections") as HTMLElement;
const searchForm = document.getElementById("search-form") as HTMLFormElement;
const searchInput = document.getElementById("search-q") as HTMLInputElement;
let navigation = 0;
let firstRender = true;

function route(hash: string): { view: () => Promise<View>; section?: string } {
  const [path = "", query = ""] = hash.replace(/^#/, "").split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query);
  switch (parts[0]) {
    case undefined:
      return { view: homeView, section: "" };
    case "article":
      return { view: () => articleView(parts[1] ?? "") };
    case "category":
      return { view: () => categoryView(parts[1] ?? ""), section: parts[1] };
    case "tag":
      return { view: () => tagView(parts[1] ?? "") };
    case "search": {
      const q = (params.get("q") ?? "").trim();
      searchInput.value = q;
      return { view: () => searchView(q, Math.max(1, Number(params.get("page")) || 1)) };
    }
    default:
      return { view: async () => failure("not-found") };
  }
}

async function render(): Promise<void> {
  const current = ++navigation;
  const { view, section } = route(location.hash);
  markSection(section);
  main.setAttribute("aria-busy", "true");
  let result: View;
  try {
    result = await view();
  } catch (error) {
    result = failure(error);
  }
  if (current !== navigation) return;
  replace(main, ...result.content);
  main.removeAttribute("aria-busy");
  document.title = `${result.title} — ${siteName}`;
  // After a navigation the page's heading takes the focus, so screen readers announce the new page; on the first load
  // the focus stays at the top of the document where the skip link is.
  window.scrollTo(0, 0);
  if (!firstRender) main.querySelector<HTMLElement>("h1")?.focus({ preventScroll: true });
  firstRender = false;
}

function failure(error: unknown): View {
  // Anything but a refusal from the API is a bug of the reader: say so in the console, where tests look.
  if (error !== "not-found" && !(error instanceof NewsApiError)) console.error(error);
  const notFound = error === "not-found" || (error instanceof NewsApiError && error.status === 404);
  const title = notFound ? "الصفحة غير موجودة" : "تعذر تحميل الصفحة";
  const detail = notFound ? "ربما نُقلت هذه الصفحة أو حُذفت."
    : error instanceof NewsApiError ? (error.detail ?? error.title) : "تحقق من اتصالك بالإنترنت وأعد المحاولة.";
  return { title, content: [h("h1", { tabindex: -1 }, title), h("p", null, detail), h("p", null, h("a", { href: homeHref }, "العودة إلى الصفحة الرئيسية"))] };
}

function markSection(slug: string | undefined): void {
  for (const link of nav.querySelectorAll("a")) {
    if ((link.dataset["slug"] ?? "") === slug) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

async function loadSections(): Promise<void> {
  let categories: Category[] = [];
  try {
    categories = (await api.listCategories({ pageSize: 100 })).items.filter(category => category.parentId === null && category.articleCount > 0);
  } catch {
    return;
  }
  replace(nav, h("ul", null,
    h("li", null, h("a", { href: homeHref }, "الرئيسية")),
    categories.map(category => h("li", null, h("a", { href: categoryHref(category.slug), "data-slug": category.slug }, category.name)))));
  markSection(route(location.hash).section);
}

// The skip link's "#main" would be taken for a route: it moves the focus itself and leaves the address alone.
document.querySelector(".skip-link")?.addEventListener("click", event => {
  event.preventDefault();
  main.focus();
  main.scrollIntoView();
});
searchForm.addEventListener("submit", event => {
  event.preventDefault();
  const q = searchInput.value.trim();
  if (q) location.hash = searchHref(q);
});
window.addEventListener("hashchange", () => void render());
void loadSections();
void render();
