// The parts of the client that need no server: reading Link and Retry-After headers, and errors whose body is not
// problem details (a proxy's HTML 502, say).
import assert from "node:assert/strict";
import { test } from "node:test";
import { NewsApiError, parseLinkHeader, parseRetryAfter } from "../src/index.js";

test("parseLinkHeader reads NewsApi's host-relative links by relation", () => {
  const links = parseLinkHeader(
    '</api/v1/search?q=%D8%A7%D9%84%D8%B1%D9%88%D8%B3%D9%8A&page=1>; rel="first", </api/v1/search?q=%D8%A7%D9%84%D8%B1%D9%88%D8%B3%D9%8A&page=2>; rel="next", </api/v1/search?q=x&page=9>; rel=last');
  assert.equal(links.first, "/api/v1/search?q=%D8%A7%D9%84%D8%B1%D9%88%D8%B3%D9%8A&page=1");
  assert.equal(links.next, "/api/v1/search?q=%D8%A7%D9%84%D8%B1%D9%88%D8%B3%D9%8A&page=2");
  assert.equal(links.last, "/api/v1/search?q=x&page=9");
  assert.equal(links.prev, undefined);
  assert.deepEqual(parseLinkHeader(null), {});
});

test("parseRetryAfter takes seconds or an HTTP date", () => {
  assert.equal(parseRetryAfter("120"), 120);
  assert.equal(parseRetryAfter(null), undefined);
  assert.equal(parseRetryAfter("soon"), undefined);
  const inAMinute = parseRetryAfter(new Date(Date.now() + 60_000).toUTCString())!;
  assert.ok(inAMinute >= 58 && inAMinute <= 61, String(inAMinute));
  assert.equal(parseRetryAfter(new Date(Date.now() - 60_000).toUTCString()), 0);
});

test("an answer that is not problem details still becomes a NewsApiError", () => {
  const response = new Response("<html>bad gateway</html>", {
    status: 502, statusText: "Bad Gateway", headers: { "Content-Type": "text/html", "Retry-After": "30" },
  });
  const error = new NewsApiError(response, "<html>bad gateway</html>");
  assert.equal(error.status, 502);
  assert.equal(error.title, "Bad Gateway");
  assert.equal(error.type, "about:blank");
  assert.deepEqual(error.errors, {});
  assert.equal(error.retryAfter, 30);
  assert.equal(error.problem, undefined);
  assert.equal(error.message, "502 Bad Gateway");
});
