// Settings come from <meta> elements of index.html, written at build time (build.mjs), so one built reader can be
// pointed at another API or digit style by editing one file, without rebuilding.

function meta(name: string): string | undefined {
  const value = document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content.trim();
  return value ? value : undefined;
}

/** Where NewsApi answers: the page's own origin unless `newsapi-base` names another (CORS then applies). */
export const apiBase = new URL(meta("newsapi-base") ?? "/", location.href).origin;

/** `arab` for Arabic-Indic digits (٠١٢٣), `latn` for Western digits (0123). */
export const digits: "arab" | "latn" = meta("newsapi-digits") === "latn" ? "latn" : "arab";

/** Articles per page of a list. */
export const pageSize = 10;
