import createClient, { type Client } from "openapi-fetch";
import type { components, operations, paths } from "./generated/v1.js";
import { ETagCache } from "./etag.js";
import { followItems, followPages, type Page } from "./paging.js";
import { NewsApiError } from "./problem.js";

type Schemas = components["schemas"];
type QueryOf<O extends keyof operations> = NonNullable<operations[O]["parameters"]["query"]>;

export type ArticleSummary = Schemas["ArticleSummary"];
export type ArticleDetail = Schemas["ArticleDetail"];
export type ArticleList = Schemas["ArticleListResponse"];
export type SearchHit = Schemas["SearchHit"];
export type SearchResults = Schemas["SearchHitListResponse"];
export type Category = Schemas["Category"];
export type CategoryList = Schemas["CategoryListResponse"];
export type Tag = Schemas["Tag"];
export type TagList = Schemas["TagListResponse"];
export type Author = Schemas["Author"];
export type AuthorList = Schemas["AuthorListResponse"];
export type Comment = Schemas["Comment"];
export type CommentList = Schemas["CommentListResponse"];
export type CommentRequest = Schemas["CommentRequest"];
export type CommentAccepted = Schemas["CommentAccepted"];
export type RelatedList = Schemas["RelatedList"];
export type RedirectTarget = Schemas["RedirectTarget"];
export type Suggestion = Schemas["Suggestion"];
export type SuggestionList = Schemas["SuggestionList"];

export type ListArticlesQuery = QueryOf<"listArticles">;
export type SearchQuery = QueryOf<"listSearchResults">;
export type ListCategoriesQuery = QueryOf<"listCategories">;
export type ListTagsQuery = QueryOf<"listTags">;
export type ListAuthorsQuery = QueryOf<"listAuthors">;
export type ListCommentsQuery = QueryOf<"listComments">;
export type RelatedQuery = QueryOf<"getRelatedArticles">;

/**
 * What every call takes last: an `AbortSignal` that cancels it (a search-as-you-type box aborts the suggestion request
 * of the previous keystroke; a page that is left aborts its loads). An aborted call rejects with the signal's reason
 * (an `AbortError` `DOMException` by default); a paging iterator stops at its next request.
 */
export interface CallOptions {
  signal?: AbortSignal;
}

/** The languages NewsApi answers problem details in. */
export type Language = "ar" | "en";

export interface NewsApiClientOptions {
  /**
   * Where NewsApi answers, without a path: `https://news.example`, `http://localhost:5080`; in a page that NewsApi
   * itself serves, `""` (requests go to the page's own origin).
   */
  baseUrl: string;
  /** Sent as `Accept-Language` with every request: the language of problem titles and details. Default `ar`. */
  language?: Language;
  /** Extra headers for every request (e.g. `Authorization: Bearer <key>` for the admin routes through `api`). */
  headers?: Record<string, string>;
  /** The fetch to use; default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /**
   * ETag revalidation of GETs: `true` (default) keeps the last body of up to 500 URLs, a number sets how many,
   * an `ETagCache` shares one between clients, `false` turns it off.
   */
  etags?: boolean | number | ETagCache;
}

export interface SubmitCommentOptions extends CallOptions {
  /**
   * Makes the submission safe to repeat: the same key with the same comment answers the first answer again
   * (`replayed: true`) and stores nothing new, for 24 hours. Generated when not given; keep the returned
   * `idempotencyKey` (e.g. with the form) to retry after a lost answer.
   */
  idempotencyKey?: string;
  /** The `commenterToken` of this reader's earlier comments, sent as `X-Commenter-Token`. */
  commenterToken?: string;
  /**
   * How many times to send again, with the same key, when the answer is lost (network error) or is a 503 whose
   * `Retry-After` is at most `maxRetryDelaySeconds`. Default 2.
   */
  retries?: number;
  /** The longest wait before a retry, in seconds. Default 5. */
  maxRetryDelaySeconds?: number;
}

/** The answer to a comment submission, with how it came. */
export type SubmittedComment = CommentAccepted & {
  /** True when this is the stored answer to an earlier submission with the same key (`Idempotent-Replayed`). */
  replayed: boolean;
  /** The `Idempotency-Key` the submission was sent with. */
  idempotencyKey: string;
};

export interface NewsApiClient {
  /** The typed openapi-fetch client, for any route (`api.GET("/api/v1/tags")`), with the language and ETag middleware. */
  readonly api: Client<paths>;
  /** The `Accept-Language` this client sends. */
  readonly language: Language;
  /** The ETag cache, or undefined when revalidation is off. */
  readonly etags: ETagCache | undefined;
  /** The same client answering in another language (sharing the ETag cache). */
  withLanguage(language: Language): NewsApiClient;

  /** One page of published articles (numbered with `page`, or by `cursor`). */
  listArticles(query?: ListArticlesQuery, options?: CallOptions): Promise<ArticleList>;
  /** Every page of articles from `query` on, following `nextCursor`. */
  articlePages(query?: ListArticlesQuery, options?: CallOptions): AsyncGenerator<ArticleList, void, undefined>;
  /** Every article from `query` on, page after page by cursor. */
  articles(query?: ListArticlesQuery, options?: CallOptions): AsyncGenerator<ArticleSummary, void, undefined>;
  /** One published article by slug (as is, Arabic included) or numeric id. */
  getArticle(slugOrId: string | number, options?: CallOptions & { include?: "related" }): Promise<ArticleDetail>;
  /** An article's related items: curated links first, then computed ones. */
  getRelated(slugOrId: string | number, query?: RelatedQuery, options?: CallOptions): Promise<RelatedList>;

  /** One page of search hits, with highlighted snippets. */
  search(query: SearchQuery, options?: CallOptions): Promise<SearchResults>;
  /**
   * Up to 10 suggestions for what a reader has typed so far (a prefix of 1–50 characters), Arabic spellings folded as
   * search folds them. Pass a signal and abort it at the next keystroke.
   */
  suggest(prefix: string, options?: CallOptions): Promise<SuggestionList>;
  /** Every page of search hits from `query` on, following the `Link` header. */
  searchPages(query: SearchQuery, options?: CallOptions): AsyncGenerator<SearchResults, void, undefined>;
  /** Every search hit from `query` on. */
  searchHits(query: SearchQuery, options?: CallOptions): AsyncGenerator<SearchHit, void, undefined>;

  listCategories(query?: ListCategoriesQuery, options?: CallOptions): Promise<CategoryList>;
  /** Every category (with a published article), page after page. */
  categories(query?: ListCategoriesQuery, options?: CallOptions): AsyncGenerator<Category, void, undefined>;
  getCategory(slug: string, options?: CallOptions): Promise<Category>;
  listTags(query?: ListTagsQuery, options?: CallOptions): Promise<TagList>;
  listAuthors(query?: ListAuthorsQuery, options?: CallOptions): Promise<AuthorList>;

  /** One page of an article's approved comments, threaded (`replies`), oldest first. */
  listComments(slugOrId: string | number, query?: ListCommentsQuery, options?: CallOptions): Promise<CommentList>;
  /** Every top-level comment of an article (each with its replies), page after page. */
  comments(slugOrId: string | number, query?: ListCommentsQuery, options?: CallOptions): AsyncGenerator<Comment, void, undefined>;
  /** Submits a comment or reply (202: `pending` or `approved`), with an `Idempotency-Key` so a retry replays. */
  submitComment(slugOrId: string | number, comment: CommentRequest, options?: SubmitCommentOptions): Promise<SubmittedComment>;

  /** Where an old (WordPress) address leads now. */
  findRedirect(path: string, options?: CallOptions): Promise<RedirectTarget>;
}

/**
 * A NewsApi client: typed calls generated from the OpenAPI document, and helpers for what the document cannot say
 * (paging to the end, revalidation, idempotent comments, problem details as `NewsApiError`). Every helper throws
 * `NewsApiError` for a non-2xx answer; the raw `api` returns `{ data, error, response }` as openapi-fetch does.
 */
export function createNewsApiClient(options: NewsApiClientOptions): NewsApiClient {
  const etags = options.etags === false ? undefined
    : options.etags instanceof ETagCache ? options.etags
    : new ETagCache(typeof options.etags === "number" ? options.etags : undefined);
  return build(options, options.language ?? "ar", etags);
}

function build(options: NewsApiClientOptions, language: Language, etags: ETagCache | undefined): NewsApiClient {
  const api = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    headers: { ...options.headers, "Accept-Language": language },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  if (etags) api.use(etags.middleware());

  const slugPath = (slugOrId: string | number) => ({ slug: String(slugOrId) });
  // Each page reader takes the caller's signal, which openapi-fetch hands to fetch.
  const articlePage = ({ signal }: CallOptions) => (query: ListArticlesQuery) =>
    read(api.GET("/api/v1/articles", { params: { query }, signal }));
  const searchPage = ({ signal }: CallOptions) => (query: SearchQuery) =>
    read(api.GET("/api/v1/search", { params: { query }, signal }));
  const categoryPage = ({ signal }: CallOptions) => (query: ListCategoriesQuery) =>
    read(api.GET("/api/v1/categories", { params: { query }, signal }));
  const commentPage = (slugOrId: string | number, { signal }: CallOptions) => (query: ListCommentsQuery) =>
    read(api.GET("/api/v1/articles/{slug}/comments", { params: { path: slugPath(slugOrId), query }, signal }));

  const client: NewsApiClient = {
    api,
    language,
    etags,
    withLanguage: other => build(options, other, etags),

    listArticles: async (query = {}, options = {}) => (await articlePage(options)(query)).data,
    articlePages: (query = {}, options = {}) => followPages(articlePage(options), query),
    articles: (query = {}, options = {}) => followItems(articlePage(options), query),
    getArticle: async (slugOrId, { include, signal } = {}) =>
      (await read(api.GET("/api/v1/articles/{slug}", {
        params: { path: slugPath(slugOrId), query: include ? { include } : {} },
        signal,
      }))).data,
    getRelated: async (slugOrId, query = {}, { signal } = {}) =>
      (await read(api.GET("/api/v1/articles/{slug}/related", { params: { path: slugPath(slugOrId), query }, signal }))).data,

    search: async (query, options = {}) => (await searchPage(options)(query)).data,
    suggest: async (prefix, { signal } = {}) =>
      (await read(api.GET("/api/v1/search/suggest", { params: { query: { q: prefix } }, signal }))).data,
    searchPages: (query, options = {}) => followPages(searchPage(options), query),
    searchHits: (query, options = {}) => followItems(searchPage(options), query),

    listCategories: async (query = {}, options = {}) => (await categoryPage(options)(query)).data,
    categories: (query = {}, options = {}) => followItems(categoryPage(options), query),
    getCategory: async (slug, { signal } = {}) =>
      (await read(api.GET("/api/v1/categories/{slug}", { params: { path: { slug } }, signal }))).data,
    listTags: async (query = {}, { signal } = {}) => (await read(api.GET("/api/v1/tags", { params: { query }, signal }))).data,
    listAuthors: async (query = {}, { signal } = {}) =>
      (await read(api.GET("/api/v1/authors", { params: { query }, signal }))).data,

    listComments: async (slugOrId, query = {}, options = {}) => (await commentPage(slugOrId, options)(query)).data,
    comments: (slugOrId, query = {}, options = {}) => followItems(commentPage(slugOrId, options), query),
    submitComment: async (slugOrId, comment, submit = {}) => {
      const idempotencyKey = submit.idempotencyKey ?? newIdempotencyKey();
      const retries = submit.retries ?? 2;
      const maxDelay = submit.maxRetryDelaySeconds ?? 5;
      for (let attempt = 0; ; attempt++) {
        let answer;
        try {
          answer = await api.POST("/api/v1/articles/{slug}/comments", {
            params: {
              path: slugPath(slugOrId),
              header: {
                "Idempotency-Key": idempotencyKey,
                ...(submit.commenterToken ? { "X-Commenter-Token": submit.commenterToken } : {}),
              },
            },
            body: comment,
            signal: submit.signal,
          });
        } catch (error) {
          // The request or its answer was lost: the same key makes sending it again safe. An abort is the caller's
          // decision, not a loss: it is not retried.
          if (attempt >= retries || submit.signal?.aborted) throw error;
          await delay(Math.min(0.5 * 2 ** attempt, maxDelay), submit.signal);
          continue;
        }
        const { data, error, response } = answer;
        if (response.ok && data !== undefined) {
          return { ...data, replayed: response.headers.get("Idempotent-Replayed") === "true", idempotencyKey };
        }
        const refusal = new NewsApiError(response, error);
        if (refusal.status !== 503 || attempt >= retries || (refusal.retryAfter ?? 0) > maxDelay) throw refusal;
        await delay(refusal.retryAfter ?? 1, submit.signal);
      }
    },

    findRedirect: async (path, { signal } = {}) =>
      (await read(api.GET("/api/v1/redirects", { params: { query: { path } }, signal }))).data,
  };
  return client;
}

/**
 * The body of a successful openapi-fetch answer, or a `NewsApiError` thrown for any other: for calls made through
 * `client.api` that should throw as the helpers do (`const tags = await unwrap(client.api.GET("/api/v1/tags"))`).
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  return (await read(call)).data;
}

async function read<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Page<T>> {
  const { data, error, response } = await call;
  if (!response.ok || data === undefined) throw new NewsApiError(response, error);
  return { data, response };
}

/** A fresh `Idempotency-Key`: a random UUID (crypto.randomUUID where available, else 122 random bits in that form). */
export function newIdempotencyKey(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto?.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Waits before a retry; an abort of the call ends the wait at once, rejecting with the signal's reason. */
function delay(seconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const aborted = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", aborted);
      resolve();
    }, seconds * 1000);
    signal?.addEventListener("abort", aborted, { once: true });
  });
}
