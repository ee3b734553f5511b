#!/usr/bin/env python3
"""A newsroom at work, for bench.sh's "reads while the content changes" case.

    churn.py BASE API_KEY SLUGS_FILE SECONDS

For SECONDS: approves 5 comments a second (each submitted by a reader first, then approved through the admin API) on
the articles listed in SLUGS_FILE (the bench's 1,000 rotating articles), and every 10 s edits one of them (its title
toggles a suffix; its slug stays). Prints one line: what it did, and any failed request.
"""
import http.client
import json
import sys
import time
import urllib.error
import urllib.parse

base, key, slugs_file, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
paths = [line.strip() for line in open(slugs_file, encoding="utf-8") if line.strip()]
admin = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}


# One kept-alive connection, closed by this client at the end: connections the server closes leave its port in
# TIME-WAIT, and the next server the bench starts on that port could not bind it.
connection = http.client.HTTPConnection(urllib.parse.urlsplit(base).netloc, timeout=10)


def call(method, path, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    connection.request(method, path, body=data, headers=headers or {})
    response = connection.getresponse()
    text = response.read()
    if response.status >= 400:
        raise urllib.error.HTTPError(path, response.status, text.decode(errors="replace")[:200], response.headers, None)
    return (json.loads(text) if text else None), response.headers


def approve_one(n):
    path = paths[n % len(paths)]
    comment = {
        "authorName": "قارئ",
        "authorEmail": f"churn{n}.{int(start)}@example.com",
        "body": f"تعليق رقم {n} أثناء قياس القراءة مع الكتابة",
    }
    accepted, _ = call("POST", path + "/comments", comment, {"Content-Type": "application/json"})
    call("PATCH", f"/api/v1/admin/comments/{accepted['id']}", {"status": "approved"}, admin)


def edit_one(n):
    public, _ = call("GET", paths[(n * 37) % len(paths)])
    article, headers = call("GET", f"/api/v1/admin/articles/{public['id']}", headers=admin)
    suffix = " (محدث)"
    title = article["title"][: -len(suffix)] if article["title"].endswith(suffix) else article["title"] + suffix
    body = {
        "title": title,
        "bodyHtml": article["content"]["html"],
        "categoryId": article["category"]["id"],
        "excerpt": article["excerpt"],
        "subtitle": article.get("subtitle"),
        "slug": urllib.parse.unquote(article["slug"]),
        "tags": [tag["name"] for tag in article.get("tags", [])],
        "image": article.get("image"),
        "commentsOpen": article.get("commentsOpen"),
    }
    # The admin view names the author by slug only, so the edit leaves the article without one (a list change as well).
    call("PUT", f"/api/v1/admin/articles/{article['id']}", body, {**admin, "If-Match": headers["ETag"]})


start = time.time()
approved = edits = failed = 0
errors = []
n = 0
next_edit = start + 10
while time.time() - start < seconds:
    tick = time.time()
    try:
        approve_one(n)
        approved += 1
        if tick >= next_edit:
            next_edit += 10
            edit_one(n)
            edits += 1
    except (urllib.error.URLError, http.client.HTTPException, OSError, KeyError) as error:
        failed += 1
        if len(errors) < 3:
            errors.append(f"{type(error).__name__}: {getattr(error, 'code', '')} {error}")
    n += 1
    time.sleep(max(0.0, 0.2 - (time.time() - tick)))

connection.close()
elapsed = time.time() - start
print(f"{approved} comments approved ({approved / elapsed:.1f}/s), {edits} articles edited, {failed} failed in {elapsed:.0f} s"
      + (f"; {'; '.join(errors)}" if errors else ""))
