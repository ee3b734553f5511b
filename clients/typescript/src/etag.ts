import type { Middleware } from "openapi-fetch";

/** What is kept of one answer: its validator, its body and the headers that describe the body. */
interface KeptAnswer {
  etag: string;
  body: string;
  headers: [string, string][];
}

// Answers rebuilt from a kept body after a 304, so callers can tell them from fresh ones (see wasRevalidated).
const revalidatedAnswers = new WeakSet<Response>();

/**
 * True when `response` is a kept body served again because NewsApi answered `304 Not Modified` to the
 * `If-None-Match` the client sent; false for a fresh 200 (or any other answer).
 */
export function wasRevalidated(response: Response): boolean {
  return revalidatedAnswers.has(response);
}

// Headers that describe the bytes on the wire, not the body kept as text.
const wireHeaders = new Set(["content-length", "content-encoding", "transfer-encoding"]);

/**
 * The last body of each GET answer that carried an `ETag`, per URL and `Accept-Language`, at most `maxEntries` of them
 * (least recently used dropped first). Before a GET whose URL has a kept answer, the middleware sends `If-None-Match`;
 * on `304` it answers the caller with the kept body (status 200, the 304's fresh validators merged in), so a caller
 * sees the same data it would have had from a 200 while NewsApi sent no body.
 */
export class ETagCache {
  readonly #answers = new Map<string, KeptAnswer>();

  constructor(readonly maxEntries = 500) {}

  /** How many answers are kept. */
  get size(): number {
    return this.#answers.size;
  }

  /** Forgets every kept answer. */
  clear(): void {
    this.#answers.clear();
  }

  /** The openapi-fetch middleware that revalidates GETs with this cache. */
  middleware(): Middleware {
    return {
      onRequest: ({ request }) => {
        if (request.method !== "GET" || request.headers.has("If-None-Match")) return undefined;
        const kept = this.#answers.get(keyOf(request));
        if (kept) request.headers.set("If-None-Match", kept.etag);
        return undefined;
      },
      onResponse: async ({ request, response }) => {
        if (request.method !== "GET") return undefined;
        const key = keyOf(request);
        if (response.status === 304) {
          const kept = this.#answers.get(key);
          if (!kept) return undefined;
          // Most recently used goes last, so the first entry is the one to drop.
          this.#answers.delete(key);
          const headers = new Headers(kept.headers);
          response.headers.forEach((value, name) => {
            if (!wireHeaders.has(name)) headers.set(name, value);
          });
          kept.etag = response.headers.get("ETag") ?? kept.etag;
          this.#answers.set(key, kept);
          const replay = new Response(kept.body, { status: 200, statusText: "OK", headers });
          revalidatedAnswers.add(replay);
          return replay;
        }
        const etag = response.headers.get("ETag");
        // Admin answers are no-store: their ETags are versions for If-Match, not validators to revalidate with.
        if (response.status !== 200 || etag === null || /\bno-store\b/i.test(response.headers.get("Cache-Control") ?? "")) {
          return undefined;
        }
        const headers: [string, string][] = [];
        response.headers.forEach((value, name) => {
          if (!wireHeaders.has(name)) headers.push([name, value]);
        });
        this.#answers.delete(key);
        this.#answers.set(key, { etag, body: await response.clone().text(), headers });
        while (this.#answers.size > this.maxEntries) {
          const oldest = this.#answers.keys().next().value;
          if (oldest === undefined) break;
          this.#answers.delete(oldest);
        }
        return undefined;
      },
    };
  }
}

// Answers differ by language (problem details, Content-Language), so the language is part of the key.
function keyOf(request: Request): string {
  return `${request.headers.get("Accept-Language") ?? ""} ${request.url}`;
}
