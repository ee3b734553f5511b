/**
 * The targets of an RFC 8288 `Link` header by relation (`first`, `prev`, `next`, `last`), as sent: NewsApi's are
 * host-relative with percent-encoded values.
 */
export function parseLinkHeader(value: string | null): Record<string, string> {
  const links: Record<string, string> = {};
  if (!value) return links;
  for (const match of value.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]*)*)/g)) {
    const target = match[1] ?? "";
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(match[2] ?? "")?.[1];
    if (!rel) continue;
    for (const name of rel.trim().split(/\s+/)) links[name.toLowerCase()] = target;
  }
  return links;
}

/** The query parameters of a (host-relative) link, decoded, for passing back to a typed call. */
export function queryOf(link: string): Record<string, string> {
  const query: Record<string, string> = {};
  new URL(link, "http://newsapi.invalid").searchParams.forEach((value, name) => {
    query[name] = value;
  });
  return query;
}

/** One page as the typed calls give it: the body and the answer it came in. */
export interface Page<T> {
  data: T;
  response: Response;
}

/**
 * The query of the page after `page`, or undefined on the last one. An article list's `nextCursor` is preferred to the
 * `Link` header's numbered `next` (which the first page of a list also has): going on by cursor costs the same however
 * deep and neither repeats nor skips articles published meanwhile. Other lists, and article searches (`q`, whose
 * `nextCursor` is always null), follow the `Link` header's `next`.
 */
export function nextQuery<Q extends object>(query: Q, page: Page<object>): Q | undefined {
  const cursor = (page.data as { nextCursor?: unknown }).nextCursor;
  if (typeof cursor === "string") {
    const { page: _page, ...rest } = query as Q & { page?: unknown };
    return { ...rest, cursor } as Q;
  }
  const next = parseLinkHeader(page.response.headers.get("Link")).next;
  return next === undefined ? undefined : (queryOf(next) as Q);
}

/** Every page from `query` on, fetched one at a time as the caller iterates. */
export async function* followPages<T extends object, Q extends object>(
  fetchPage: (query: Q) => Promise<Page<T>>,
  query: Q,
): AsyncGenerator<T, void, undefined> {
  let current: Q | undefined = query;
  while (current !== undefined) {
    const page = await fetchPage(current);
    yield page.data;
    current = nextQuery(current, page);
  }
}

/** Every item of every page from `query` on. */
export async function* followItems<I, T extends { items: I[] }, Q extends object>(
  fetchPage: (query: Q) => Promise<Page<T>>,
  query: Q,
): AsyncGenerator<I, void, undefined> {
  for await (const page of followPages(fetchPage, query)) yield* page.items;
}
