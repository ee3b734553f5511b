// The reader's addresses: hash routes, so any static host (NewsApi's /reader included) serves them with one page.

const segment = (value: string | number): string => encodeURIComponent(String(value));

export const homeHref = "#/";
export const articleHref = (slug: string): string => `#/article/${segment(slug)}`;
export const categoryHref = (slug: string): string => `#/category/${segment(slug)}`;
export const tagHref = (slug: string): string => `#/tag/${segment(slug)}`;
export const searchHref = (q: string, page = 1): string =>
  `#/search?${new URLSearchParams(page > 1 ? { q, page: String(page) } : { q }).toString()}`;

/** An http(s) address from the API, or undefined: a `javascript:` or other scheme never becomes a link or image. */
export function safeUrl(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value, location.href);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}
