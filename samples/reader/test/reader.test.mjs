// The reader in a real browser (Debian's Chromium, driven by playwright-core; no browser is downloaded) against a live
// NewsApi with demo content, serving the built reader at /reader. Screenshots of the home, article and search pages go
// to artifacts/reader-screenshots/ at the repository's root (READER_SCREENSHOTS overrides it).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { repositoryRoot, startNewsApi } from "./live-server.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const screenshots = process.env.READER_SCREENSHOTS ?? join(repositoryRoot, "artifacts/reader-screenshots");
const seedTitle = "رئيس كوريا الشمالية يستقبل وزير الدفاع الروسى";
const seedSubheading = "عرض فنى ترحيبا بالوفد العسكرى الروسى";
// A 1×1 PNG for article images: the demo content's images live on hosts this machine need not reach.
const pixel = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

let server;
let browser;
let context;
const consoleErrors = [];

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  server = await startNewsApi();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  context = await browser.newContext({ locale: "ar-EG", viewport: { width: 1280, height: 900 } });
  await context.route(url => url.hostname !== "127.0.0.1",
    route => route.fulfill({ status: 200, contentType: "image/png", body: pixel }));
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

/** A page that records every console error and uncaught exception into `consoleErrors`. */
async function open(hash = "") {
  const page = await context.newPage();
  page.on("console", message => {
    if (message.type() === "error") consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", error => consoleErrors.push(`${page.url()}: ${error.message}`));
  await page.goto(`${server.readerUrl}${hash}`);
  await page.waitForSelector("main:not([aria-busy]) h1");
  return page;
}

/** axe-core's serious and critical violations on the page as it is now (evaluated over CDP, so the page's CSP allows it). */
async function seriousViolations(page) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () =>
    (await globalThis.axe.run(document, { resultTypes: ["violations"] })).violations
      .map(({ id, impact, nodes }) => ({ id, impact, targets: nodes.map(node => node.target.join(" ")) })));
  // The lesser ones are reported, not failed on, so the CI log shows the whole axe result.
  console.log(`axe on ${decodeURIComponent(new URL(page.url()).hash) || "#/"}: ${violations.length ? violations.map(v => `${v.id} (${v.impact})`).join(", ") : "no violations"}`);
  return violations.filter(violation => violation.impact === "serious" || violation.impact === "critical");
}

function assertNoConsoleErrors() {
  assert.deepEqual(consoleErrors, [], "console errors");
}

describe("reader", () => {
  test("home lists the latest articles right to left, pages by cursor, and passes axe", async () => {
    const page = await open();
    assert.equal(await page.getAttribute("html", "dir"), "rtl");
    assert.equal(await page.getAttribute("html", "lang"), "ar");
    assert.equal(await page.textContent("main h1"), "آخر الأخبار");
    for (const landmark of ["header", "nav[aria-label]", "main", "footer", "form[role=search]"]) {
      assert.equal(await page.locator(landmark).count() >= 1, true, `${landmark} missing`);
    }
    const latest = page.locator("main ol.cards").first();
    const firstPage = await latest.locator(":scope > li").count();
    assert.equal(firstPage, 10);
    assert.equal(await page.locator(".category-block").count() > 1, true, "sections by category");
    await page.screenshot({ path: join(screenshots, "home.png"), fullPage: true });

    await page.click("button.more");
    await page.waitForFunction(() => document.querySelectorAll("main ol.cards > li").length > 10);
    const titles = await latest.locator(".card-title").allTextContents();
    assert.equal(new Set(titles).size, titles.length, "a cursor page repeats no article");
    assert.equal(await page.evaluate(() => document.querySelectorAll("main ol.cards > li")[10]?.querySelector("a") === document.activeElement), true,
      "the focus moves to the first article of the new page");

    assert.deepEqual(await seriousViolations(page), []);
    await page.close();
    assertNoConsoleErrors();
  });

  test("the seed article renders right to left with its sub-heading, related articles, comments and a hidden honeypot", async () => {
    const page = await open();
    await page.click(`a:text-is("${seedTitle}")`);
    await page.waitForSelector("article.article h1");
    const article = page.locator("article.article");
    assert.equal(await article.getAttribute("dir"), "rtl");
    assert.equal(await article.getAttribute("lang"), "ar");
    assert.equal(await article.evaluate(element => getComputedStyle(element).direction), "rtl");
    assert.equal(await page.textContent("article.article h1"), seedTitle);
    assert.equal(await page.textContent(".article-body h2"), seedSubheading);
    assert.match(await page.textContent(".meta time"), /[٠-٩]/, "dates in Arabic-Indic digits by default");
    assert.equal(await page.locator(".related-list > li").count() >= 1, true, "related articles");
    await page.waitForSelector(".comment-list .comment");
    assert.equal(await page.locator(".comment-replies .comment").count() >= 1, true, "threaded replies");

    const honeypot = page.locator("input[name=website]");
    assert.equal(await honeypot.count(), 1);
    assert.equal(await honeypot.getAttribute("tabindex"), "-1");
    assert.equal(await page.locator(".honeypot").getAttribute("aria-hidden"), "true");
    const box = await honeypot.boundingBox();
    assert.equal(box === null || box.x + box.width <= 0 || box.x >= 1280, true, "the honeypot is off screen");
    for (const label of ["الاسم *", "البريد الإلكتروني *", "التعليق *"]) {
      assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, `${label} has a label`);
    }

    await page.screenshot({ path: join(screenshots, "article.png"), fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);
    await page.close();
    assertNoConsoleErrors();
  });

  test("category and tag pages list their articles, and an unknown address says it was not found", async () => {
    const page = await open();
    const categories = (await (await fetch(`${server.baseUrl}/api/v1/categories?pageSize=100`)).json()).items;
    const world = categories.find(category => category.slug === "اخبار-عالمية-وسفارات");
    await page.click(`nav a:text-is("${world.name}")`);
    await page.waitForFunction(name => document.querySelector("main h1")?.textContent === name, world.name);
    assert.equal(await page.getAttribute(`nav a:text-is("${world.name}")`, "aria-current"), "page");
    assert.equal(await page.locator("main ol.cards > li").count(), Math.min(world.articleCount, 10));
    assert.equal(await page.locator(`main a:text-is("${seedTitle}")`).count(), 1);

    await page.click(`a:text-is("${seedTitle}")`);
    await page.waitForSelector("article.article h1");
    await page.click(`.tags a:text-is("روسيا")`);
    await page.waitForFunction(() => document.querySelector("main h1")?.textContent === "الوسم: روسيا");
    assert.equal(await page.locator(`main a:text-is("${seedTitle}")`).count(), 1);
    assert.equal(await page.evaluate(() => document.activeElement?.localName), "h1", "the new page's heading has the focus");

    await page.goto(`${server.readerUrl}#/no/such/page`);
    await page.waitForFunction(() => document.querySelector("main h1")?.textContent === "الصفحة غير موجودة");
    await page.goto(`${server.readerUrl}#/article/${encodeURIComponent("لا-يوجد-مقال-بهذا-الاسم")}`);
    await page.waitForFunction(() => document.title.startsWith("الصفحة غير موجودة"));
    await page.close();
    // The unknown article's 404 from the API is the browser's one expected console error here.
    assert.deepEqual(consoleErrors.filter(error => !error.includes("404")), []);
    consoleErrors.length = 0;
  });

  test("searching الروسي finds the seed article with a highlighted snippet", async () => {
    const page = await open();
    await page.fill("#search-q", "الروسي");
    await page.press("#search-q", "Enter");
    await page.waitForSelector(".search-results");
    const hit = page.locator(".search-results > li", { has: page.locator(`a:text-is("${seedTitle}")`) });
    assert.equal(await hit.count(), 1);
    const marks = await hit.locator(".snippet mark").allTextContents();
    assert.equal(marks.length >= 1, true, "marks in the snippet");
    assert.equal(marks.includes("الروسى"), true, `marks: ${marks.join(", ")}`);
    const tags = await hit.locator(".snippet").evaluate(snippet => [...snippet.querySelectorAll("*")].map(element => element.localName));
    assert.deepEqual([...new Set(tags)], ["mark"]);
    await page.screenshot({ path: join(screenshots, "search.png"), fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);
    await page.close();
    assertNoConsoleErrors();
  });

  test("a snippet renders its marks and nothing else as markup", async () => {
    const page = await context.newPage();
    await page.route(url => url.pathname === "/api/v1/search", async route => {
      const answer = await route.fetch();
      const body = await answer.json();
      body.items[0].snippet = "قبل <mark>الروسى</mark> &lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt; <b>عريض</b> &amp; بعد";
      await route.fulfill({ response: answer, json: body });
    });
    await page.goto(`${server.readerUrl}#/search?q=${encodeURIComponent("الروسي")}`);
    await page.waitForSelector(".search-results");
    const snippet = page.locator(".snippet").first();
    assert.deepEqual(await snippet.evaluate(element => [...element.querySelectorAll("*")].map(child => child.localName)), ["mark"]);
    assert.equal(await snippet.textContent(), "قبل الروسى <img src=x onerror=\"document.title='pwned'\"> <b>عريض</b> & بعد");
    assert.notEqual(await page.title(), "pwned");
    await page.close();
  });

  test("a comment posted through the form shows the pending message and waits as pending in the API", async () => {
    const page = await open();
    await page.click(`a:text-is("${seedTitle}")`);
    await page.waitForSelector("form.comment-form");
    const body = `تعليق من اختبار المتصفح ${Date.now()}`;
    await page.getByLabel("الاسم *", { exact: true }).fill("قارئ الاختبار");
    await page.getByLabel("البريد الإلكتروني *", { exact: true }).fill("reader-test@example.com");
    await page.getByLabel("التعليق *", { exact: true }).fill(body);
    await page.click("form.comment-form button[type=submit]");
    const message = page.locator(".form-message[data-kind=success]");
    await message.waitFor();
    assert.match(await message.textContent(), /بانتظار موافقة المشرفين/);
    assert.equal(await page.getAttribute(".form-message", "role"), "status");

    const pending = await server.admin("GET", "/comments?status=pending&pageSize=100");
    const stored = pending.items.find(comment => comment.body === body);
    assert.ok(stored, "the comment is held as pending");
    assert.equal(stored.status, "pending");
    assert.equal(stored.authorEmail, "reader-test@example.com");
    assert.equal(stored.articleSlug, (await (await fetch(`${server.baseUrl}/api/v1/articles/1`)).json()).slug);
    await page.close();
    assertNoConsoleErrors();
  });

  test("a refused comment says why: 400 marks the field, 429 says how long to wait", async () => {
    const page = await open();
    await page.click(`a:text-is("${seedTitle}")`);
    await page.waitForSelector("form.comment-form");
    // The browser's own checks would stop these before the API sees them; the reader must also explain the API's.
    await page.evaluate(() => document.querySelector("form.comment-form")?.setAttribute("novalidate", ""));
    await page.getByLabel("الاسم *", { exact: true }).fill("قارئ");
    await page.getByLabel("البريد الإلكتروني *", { exact: true }).fill("not-an-address");
    await page.getByLabel("التعليق *", { exact: true }).fill("نص");
    await page.click("form.comment-form button[type=submit]");
    await page.locator(".form-message[data-kind=error]").waitFor();
    assert.equal(await page.getAttribute("#comment-authorEmail", "aria-invalid"), "true");
    assert.equal(await page.isVisible("#comment-authorEmail-error"), true);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "comment-authorEmail");

    await page.route(url => url.pathname.endsWith("/comments"), route => route.request().method() === "POST"
      ? route.fulfill({ status: 429, headers: { "Retry-After": "42", "Content-Type": "application/problem+json" },
        body: JSON.stringify({ type: "about:blank", title: "طلبات كثيرة", status: 429 }) })
      : route.continue());
    await page.getByLabel("البريد الإلكتروني *", { exact: true }).fill("reader-test@example.com");
    await page.click("form.comment-form button[type=submit]");
    await page.waitForFunction(() => document.querySelector(".form-message")?.textContent?.includes("٤٢"));
    await page.close();
    // The 400 and 429 answers are the browser's "failed to load resource" console errors, which are expected here.
    consoleErrors.length = 0;
  });

  test("the skip link is the first tab stop, shows when focused and leads to the main content", async () => {
    const page = await open();
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.className), "skip-link");
    const box = await page.locator(".skip-link").boundingBox();
    assert.equal(box !== null && box.y >= 0 && box.height > 0, true, "the focused skip link is on screen");
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), "none", "a visible focus ring");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "main");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.closest("main") !== null), true, "the next stop is in the content");
    await page.close();
    assertNoConsoleErrors();
  });

  test("dates use Western digits when the reader is configured for them", async () => {
    const page = await context.newPage();
    await page.route(url => url.pathname === "/reader/", async route => {
      const answer = await route.fetch();
      const html = (await answer.text()).replace('name="newsapi-digits" content="arab"', 'name="newsapi-digits" content="latn"');
      await route.fulfill({ response: answer, body: html });
    });
    await page.goto(server.readerUrl);
    await page.waitForSelector("main:not([aria-busy]) h1");
    const date = await page.textContent(".card-meta time");
    assert.match(date, /[0-9]/);
    assert.doesNotMatch(date, /[٠-٩]/);
    await page.close();
  });

  test("an editor's curated related articles come first and are marked, an external related link included", async () => {
    const articles = (await (await fetch(`${server.baseUrl}/api/v1/articles?pageSize=100`)).json()).items;
    const curated = articles.at(-1);
    await server.admin("PUT", "/articles/1/related-links", [
      { articleId: curated.id },
      { title: "تغطية خارجية للزيارة", url: "https://news.example.org/visit" },
    ]);
    const page = await open(`#/article/${encodeURIComponent(articles.find(article => article.id === 1).slug)}`);
    const items = page.locator(".related-list > li");
    assert.equal(await items.nth(0).locator(".card-title").textContent(), curated.title);
    assert.equal(await items.nth(0).getAttribute("class"), "curated");
    assert.match(await items.nth(0).locator(".badge").textContent(), /اختيار المحرر/);
    assert.equal(await items.nth(1).locator("a").getAttribute("href"), "https://news.example.org/visit");
    assert.equal(await items.count() > 2, true, "computed related articles follow");
    assert.equal(await items.nth(2).getAttribute("class"), null);
    await server.admin("PUT", "/articles/1/related-links", []);
    await page.close();
    assertNoConsoleErrors();
  });

  test("an English article renders left to right", async () => {
    const created = await server.admin("POST", "/articles", {
      title: "Reader test: an English story",
      bodyHtml: "<p>An English paragraph.</p><h2>An English sub-heading</h2><p>More text.</p>",
      categoryId: 1,
      language: "en",
      direction: "ltr",
    }, 201);
    await server.admin("POST", `/articles/${created.id}/publish`, {});
    const page = await open(`#/article/${encodeURIComponent(created.slug)}`);
    const article = page.locator("article.article");
    assert.equal(await article.getAttribute("dir"), "ltr");
    assert.equal(await article.getAttribute("lang"), "en");
    assert.equal(await article.evaluate(element => getComputedStyle(element).direction), "ltr");
    assert.equal(await page.textContent(".article-body h2"), "An English sub-heading");
    assert.equal(await page.getAttribute("html", "dir"), "rtl", "the site around it stays right to left");
    await page.close();
    assertNoConsoleErrors();
  });
});

describe("reader with comments approved at once", () => {
  let autoServer;
  before(async () => { autoServer = await startNewsApi({ NewsApi__Comments__Moderation: "auto" }); });
  after(async () => { await autoServer?.stop(); });

  test("an approved comment is announced and appears in the thread at once", async () => {
    const page = await context.newPage();
    page.on("console", message => { if (message.type() === "error") consoleErrors.push(`${page.url()}: ${message.text()}`); });
    const slug = (await (await fetch(`${autoServer.baseUrl}/api/v1/articles/1`)).json()).slug;
    await page.goto(`${autoServer.readerUrl}#/article/${encodeURIComponent(slug)}`);
    await page.waitForSelector(".comment-list .comment");
    const body = `تعليق منشور فورًا ${Date.now()}`;
    await page.getByLabel("الاسم *", { exact: true }).fill("قارئ سريع");
    await page.getByLabel("البريد الإلكتروني *", { exact: true }).fill("fast-reader@example.com");
    await page.getByLabel("التعليق *", { exact: true }).fill(body);
    await page.click("form.comment-form button[type=submit]");
    assert.match(await page.locator(".form-message[data-kind=success]").textContent(), /نُشر تعليقك/);
    await page.locator(".comment-body", { hasText: body }).waitFor();
    await page.close();
    assertNoConsoleErrors();
  });
});
