// The client against a live NewsApi (see live-server.ts): every helper over real HTTP, on the demo content.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  createNewsApiClient, newIdempotencyKey, NewsApiError, unwrap, wasRevalidated,
  type CommentRequest, type NewsApiClient,
} from "../src/index.js";
import { startNewsApi, type LiveNewsApi } from "./live-server.js";

// The demo content's first article (Egyptian spelling: الروسى).
const seedSlug = "رئيس-كوريا-الشمالية-يستقبل-وزير-الدفاع-الروسى";
const seedTitle = "رئيس كوريا الشمالية يستقبل وزير الدفاع الروسى";

let server: LiveNewsApi;
let arabic: NewsApiClient;
let english: NewsApiClient;
let moderator: NewsApiClient;

before(async () => {
  // Flood control made explicit: a second comment of one e-mail within a minute is a 429.
  server = await startNewsApi({ NewsApi__Comments__FloodIntervalSeconds: "60" });
  arabic = createNewsApiClient({ baseUrl: server.baseUrl, language: "ar" });
  english = arabic.withLanguage("en");
  // `keys create` prints the key alone on its last line.
  const key = (await server.cli("keys", "create", "--name", "tsclient", "--scopes", "comments:moderate")).trim().split("\n").at(-1)!;
  moderator = createNewsApiClient({ baseUrl: server.baseUrl, headers: { Authorization: `Bearer ${key}` }, etags: false });
});

after(async () => {
  await server?.stop();
});

/** The comments stored for the seed article by one e-mail, whatever their state, as moderators see them. */
async function storedComments(email: string) {
  const list = await unwrap(moderator.api.GET("/api/v1/admin/comments", {
    params: { query: { article: seedSlug, pageSize: 100 } },
  }));
  return list.items.filter(comment => comment.authorEmail === email);
}

function comment(email: string, body: string): CommentRequest {
  return { authorName: "قارئ", authorEmail: email, body, website: "" };
}

describe("articles", () => {
  test("paging by cursor to the end yields every published article once", async () => {
    const first = await arabic.listArticles({ pageSize: 100 });
    const total = first.totalItems!;
    assert.ok(total > 3, `the demo content has more than one page of 3 (has ${total})`);

    const pages = [];
    for await (const page of arabic.articlePages({ pageSize: 3 })) pages.push(page);
    assert.equal(pages.length, Math.ceil(total / 3));
    // Only the first page is numbered: the rest came by nextCursor.
    assert.equal(pages[0]!.page, 1);
    assert.ok(pages.slice(1).every(page => page.page === undefined && page.totalItems === undefined));
    assert.equal(pages.at(-1)!.nextCursor, null);

    const ids = [];
    for await (const article of arabic.articles({ pageSize: 3 })) ids.push(article.id);
    assert.equal(ids.length, total);
    assert.equal(new Set(ids).size, total);
    assert.deepEqual(ids, first.items.map(article => article.id));
  });

  test("an article search (q) has no cursor and is followed by its Link header to the end", async () => {
    const first = await arabic.listArticles({ q: "الروسي", pageSize: 1 });
    assert.equal(first.nextCursor, null);
    assert.ok(first.totalItems! > 1, `more than one article matches (${first.totalItems})`);
    const ids = [];
    for await (const article of arabic.articles({ q: "الروسي", pageSize: 1 })) ids.push(article.id);
    assert.equal(ids.length, first.totalItems);
    assert.equal(new Set(ids).size, ids.length);
  });

  test("lists without a cursor are followed by their Link header", async () => {
    const all = await arabic.listCategories();
    assert.ok(all.totalItems > 1);
    const slugs = [];
    for await (const category of arabic.categories({ pageSize: 1 })) slugs.push(category.slug);
    assert.equal(slugs.length, all.totalItems);
    assert.deepEqual(slugs, all.items.map(category => category.slug));
  });

  test("the seed article by its Arabic slug, with related articles on request", async () => {
    const article = await arabic.getArticle(seedSlug, { include: "related" });
    assert.equal(article.title, seedTitle);
    assert.equal(article.slug, seedSlug);
    assert.ok(article.related && article.related.length > 0);
    assert.equal((await arabic.getArticle(article.id)).slug, seedSlug);
  });

  test("a second read is revalidated with If-None-Match and the 304 gives back the kept body", async () => {
    const statuses: number[] = [];
    const sent: (string | null)[] = [];
    const client = createNewsApiClient({
      baseUrl: server.baseUrl,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        sent.push(request.headers.get("If-None-Match"));
        const answer = await fetch(request);
        statuses.push(answer.status);
        return answer;
      },
    });
    const first = await client.api.GET("/api/v1/articles/{slug}", { params: { path: { slug: seedSlug } } });
    const second = await client.api.GET("/api/v1/articles/{slug}", { params: { path: { slug: seedSlug } } });
    assert.deepEqual(statuses, [200, 304]);
    assert.equal(sent[0], null);
    assert.equal(sent[1], first.response.headers.get("ETag"));
    assert.equal(wasRevalidated(first.response), false);
    assert.equal(wasRevalidated(second.response), true);
    assert.equal(second.response.status, 200);
    assert.deepEqual(second.data, first.data);
    assert.equal(second.data?.title, seedTitle);
    // Kept per URL: another article is a fresh 200.
    await client.getArticle(first.data!.id === 1 ? 2 : 1);
    assert.equal(statuses.at(-1), 200);

    // Kept for as many URLs as the cache holds: with room for one, reading another article drops the first.
    const small = createNewsApiClient({ baseUrl: server.baseUrl, etags: 1 });
    const once = await small.api.GET("/api/v1/articles/{slug}", { params: { path: { slug: seedSlug } } });
    await small.getArticle(once.data!.id === 1 ? 2 : 1);
    const dropped = await small.api.GET("/api/v1/articles/{slug}", { params: { path: { slug: seedSlug } } });
    assert.equal(wasRevalidated(dropped.response), false);
    assert.equal(small.etags?.size, 1);

    // Once the article changes (a comment approved), its validator moves: a fresh 200, not the kept body.
    const sent2 = await client.submitComment(seedSlug, comment("revalidation@example.org", "تعليق يغير المقالة"));
    await unwrap(moderator.api.PATCH("/api/v1/admin/comments/{id}", {
      params: { path: { id: sent2.id } },
      body: { status: "approved" },
    }));
    const third = await client.api.GET("/api/v1/articles/{slug}", { params: { path: { slug: seedSlug } } });
    assert.equal(statuses.at(-1), 200);
    assert.equal(wasRevalidated(third.response), false);
    assert.equal(third.data?.commentCount, first.data!.commentCount + 1);
  });
});

describe("search", () => {
  test("الروسي finds the seed article (spelt الروسى) with a highlighted snippet", async () => {
    const results = await arabic.search({ q: "الروسي" });
    const hit = results.items.find(item => item.article.slug === seedSlug);
    assert.ok(hit, `the seed article is among ${results.totalItems} hits`);
    assert.match(hit.snippet ?? "", /<mark>/);
    let count = 0;
    for await (const _ of arabic.searchHits({ q: "الروسي", pageSize: 1 })) count++;
    assert.equal(count, results.totalItems);
  });
});

describe("suggestions and cancelling", () => {
  test("a prefix of the seed title (الروس, the reader's spelling) suggests the seed article", async () => {
    const suggestions = await arabic.suggest("الروس");
    const seed = suggestions.items.find(item => item.kind === "article" && item.slug === seedSlug);
    assert.ok(seed, `the seed article among ${JSON.stringify(suggestions.items)}`);
    assert.ok(suggestions.items.length <= 10);
  });

  test("an aborted signal rejects the call with its AbortError instead of answering", async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(arabic.suggest("الروس", { signal: controller.signal }), { name: "AbortError" });
    await assert.rejects(arabic.getArticle(seedSlug, { signal: controller.signal }), { name: "AbortError" });
    await assert.rejects(arabic.search({ q: "الروسي" }, { signal: controller.signal }), { name: "AbortError" });
  });

  test("a paging iterator stops at its next request once its signal is aborted", async () => {
    const controller = new AbortController();
    const pages = [];
    await assert.rejects(async () => {
      for await (const page of arabic.articlePages({ pageSize: 2 }, { signal: controller.signal })) {
        pages.push(page);
        controller.abort();
      }
    }, { name: "AbortError" });
    assert.equal(pages.length, 1);
  });

  test("aborting a comment while it waits to retry a lost answer ends the wait at once, without another send", async () => {
    let posts = 0;
    const client = createNewsApiClient({
      baseUrl: server.baseUrl,
      fetch: async () => {
        posts++;
        throw new TypeError("fetch failed");
      },
    });
    const controller = new AbortController();
    const started = Date.now();
    const submission = client.submitComment(seedSlug, comment("aborted@example.org", "لن يصل"),
      { signal: controller.signal, retries: 3, maxRetryDelaySeconds: 30 });
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(submission, { name: "AbortError" });
    assert.equal(posts, 1);
    assert.ok(Date.now() - started < 400, `the 0.5 s retry wait was not cut short (${Date.now() - started} ms)`);
  });
});

describe("comments", () => {
  test("the same Idempotency-Key twice stores one comment: 202, then the replay", async () => {
    const email = "idempotent@example.org";
    const key = newIdempotencyKey();
    const first = await arabic.submitComment(seedSlug, comment(email, "تغطية ممتازة"), { idempotencyKey: key });
    const again = await arabic.submitComment(seedSlug, comment(email, "تغطية ممتازة"), { idempotencyKey: key });
    assert.equal(first.status, "pending");
    assert.equal(first.replayed, false);
    assert.equal(first.idempotencyKey, key);
    assert.equal(again.replayed, true);
    assert.equal(again.id, first.id);
    assert.equal(again.commenterToken, first.commenterToken);
    assert.deepEqual((await storedComments(email)).map(stored => stored.id), [first.id]);
  });

  test("a lost answer is retried with the generated key and replays", async () => {
    const email = "lost-answer@example.org";
    let posts = 0;
    const client = createNewsApiClient({
      baseUrl: server.baseUrl,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        const answer = await fetch(request);
        // The first submission reaches the API, but its answer never comes back.
        if (request.method === "POST" && ++posts === 1) throw new TypeError("fetch failed");
        return answer;
      },
    });
    const submitted = await client.submitComment(seedSlug, comment(email, "وصلت؟"), { maxRetryDelaySeconds: 0 });
    assert.equal(posts, 2);
    assert.equal(submitted.replayed, true);
    assert.match(submitted.idempotencyKey, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual((await storedComments(email)).map(stored => stored.id), [submitted.id]);
  });

  test("a second comment of one e-mail within the flood interval is a 429 with retryAfter", async () => {
    const email = "flood@example.org";
    await english.submitComment(seedSlug, comment(email, "الأول"));
    const refusal = await english.submitComment(seedSlug, comment(email, "الثاني")).then(
      () => assert.fail("the second comment was accepted"),
      (error: unknown) => error,
    );
    assert.ok(refusal instanceof NewsApiError);
    assert.equal(refusal.status, 429);
    assert.equal(refusal.title, "Too many requests");
    assert.ok(refusal.retryAfter !== undefined && refusal.retryAfter > 0 && refusal.retryAfter <= 60, `retryAfter ${refusal.retryAfter}`);
  });

  test("an article's comments are followed page after page to the last top-level comment", async () => {
    const all = await arabic.listComments(seedSlug);
    assert.ok(all.totalItems > 1, `the seed article has comments (${all.totalItems})`);
    const ids = [];
    for await (const item of arabic.comments(seedSlug, { pageSize: 1 })) ids.push(item.id);
    assert.deepEqual(ids, all.items.map(item => item.id));
  });

  test("an invalid comment is a 400 naming the field", async () => {
    const refusal = await rejection(english.submitComment(seedSlug, comment("not-an-address", "")));
    assert.equal(refusal.status, 400);
    assert.ok(Object.keys(refusal.errors).length > 0, JSON.stringify(refusal.problem));
  });
});

describe("problem details", () => {
  test("a 400 arrives as NewsApiError with per-field errors, titled in the client's language", async () => {
    const inEnglish = await rejection(english.listArticles({ pageSize: 1000 }));
    const inArabic = await rejection(arabic.listArticles({ pageSize: 1000 }));
    for (const refusal of [inEnglish, inArabic]) {
      assert.equal(refusal.status, 400);
      assert.ok(refusal.errors.pageSize?.length, JSON.stringify(refusal.problem));
      assert.ok(refusal.traceId);
    }
    assert.equal(inEnglish.title, "One or more request values are invalid.");
    assert.equal(inArabic.title, "قيمة واحدة أو أكثر في الطلب غير صالحة.");
    assert.match(inArabic.errors.pageSize![0]!, /[\u0600-\u06FF]/);
  });

  test("a 404 arrives as NewsApiError titled in the client's language", async () => {
    const inEnglish = await rejection(english.getArticle("no-such-article"));
    const inArabic = await rejection(arabic.getArticle("مقالة-غير-موجودة"));
    assert.equal(inEnglish.status, 404);
    assert.equal(inEnglish.title, "Not found");
    assert.equal(inEnglish.type, "https://newsapi.dev/problems/not-found");
    assert.match(inEnglish.detail ?? "", /no-such-article/);
    assert.equal(inArabic.status, 404);
    assert.equal(inArabic.title, "غير موجود");
    assert.match(inArabic.detail ?? "", /مقالة-غير-موجودة/);
    assert.equal(inArabic.retryAfter, undefined);
  });
});

async function rejection(call: Promise<unknown>): Promise<NewsApiError> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof NewsApiError, `a NewsApiError, not ${String(error)}`);
    return error;
  }
  assert.fail("the call succeeded");
}
