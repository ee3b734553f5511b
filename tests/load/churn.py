#!/usr/bin/env python3
"""A newsroom at work, for bench.sh's "reads while the content changes" case.

    churn.py BASE API_KEY SLUGS_FILE SECONDS

For SECONDS: approves 5 comments a second (each submitted by a reader first, then approved through the admin API) on
the articles listed in SLUGS_FILE (the bench's 1,000 rotating articles), and every 10 s edits one of them (its title
toggles a suffix; its slug stays). Prints one line: what it did, and any failed request.
"""
import concurrent.futures
import http.client
import json
import sys
import threading
import time
import urllib.error
import urllib.parse

base, key, slugs_file, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
paths = [line.strip() for line in open(slugs_file, encoding="utf-8") if line.strip()]
admin = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}


# Kept-alive connections (one per worker thread), closed by this client at the end: connections the server closes
# leave its port in TIME-WAIT, and the next server the bench starts on that port could not bind it.
local = threading.local()
opened = []


def call(method, path, body=None, headers=None):
    if not hasattr(local, "connection"):
        local.connection = http.client.HTTPConnection(urllib.parse.urlsplit(base).netloc, timeout=10)
        opened.append(local.connection)
    data = json.dumps(body).encode() if body is not None else None
    local.connection.request(method, path, body=data, headers=headers or {})
    response = local.connection.getresponse()
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


# Writes start on schedule (an approval every 0.2 s, an edit every 10 s) whatever the server's latency: a few workers
# carry them, so a slow answer delays no later write unless every worker is waiting.
start = time.time()
done = {"approved": 0, "edited": 0, "failed": 0}
errors = []
lock = threading.Lock()


def attempt(kind, action, n):
    try:
        action(n)
        outcome = kind
    except (urllib.error.URLError, http.client.HTTPException, OSError, KeyError) as error:
        outcome = "failed"
        with lock:
            if len(errors) < 3:
                errors.append(f"{type(error).__name__}: {getattr(error, 'code', '')} {error}")
    with lock:
        done[outcome] += 1


with concurrent.futures.ThreadPoolExecutor(max_workers=4) as workers:
    n = 0
    while time.time() - start < seconds:
        workers.submit(attempt, "approved", approve_one, n)
        if n % 50 == 49:
            workers.submit(attempt, "edited", edit_one, n)
        n += 1
        time.sleep(max(0.0, start + n * 0.2 - time.time()))

for connection in opened:
    connection.close()
elapsed = time.time() - start
print(f"{done['approved']} comments approved ({done['approved'] / elapsed:.1f}/s), {done['edited']} articles edited, "
      f"{done['failed']} failed in {elapsed:.0f} s" + (f"; {'; '.join(errors)}" if errors else ""))
