import type { components } from "./generated/v1.js";

/** A problem details body as NewsApi sends it (RFC 9457), with `errors` per field on validation problems. */
export type Problem = components["schemas"]["ProblemDetails"] | components["schemas"]["HttpValidationProblemDetails"];

/**
 * A refusal from NewsApi: any answer that is not 2xx (or a 304 the client had no body for). Built from the
 * application/problem+json body when there is one, so `title` and `detail` are in the client's language (Arabic with
 * `language: "ar"`), `errors` names each invalid field (or query parameter) with its messages, and `retryAfter` says
 * how many seconds to wait after a 429 or 503.
 */
export class NewsApiError extends Error {
  override readonly name = "NewsApiError";
  /** The HTTP status. */
  readonly status: number;
  /** The problem type URI, e.g. `https://newsapi.dev/problems/not-found`; `about:blank` when the body was no problem. */
  readonly type: string;
  /** Short, localised summary of the problem type ("Not Found", "غير موجود"). */
  readonly title: string;
  /** Localised explanation of this occurrence, when the API gave one. */
  readonly detail: string | undefined;
  /** The request path the problem is about, when given. */
  readonly instance: string | undefined;
  /** The W3C trace id of the request: quote it when reporting a problem. */
  readonly traceId: string | undefined;
  /** Messages per field or query parameter (`{ pageSize: ["…"] }`); empty when the problem is not about fields. */
  readonly errors: Readonly<Record<string, readonly string[]>>;
  /** Seconds to wait before trying again (from `Retry-After`, seconds or an HTTP date), when the API sent it. */
  readonly retryAfter: number | undefined;
  /** The problem body as sent, or undefined when the body was not problem+json. */
  readonly problem: Problem | undefined;
  /** The answer itself (its body already read). */
  readonly response: Response;

  constructor(response: Response, body: unknown) {
    const problem = isProblem(body) ? body : undefined;
    const title = problem?.title ?? (response.statusText || `HTTP ${response.status}`);
    const detail = problem?.detail ?? undefined;
    super(detail ? `${response.status} ${title}: ${detail}` : `${response.status} ${title}`);
    this.status = response.status;
    this.type = problem?.type ?? "about:blank";
    this.title = title;
    this.detail = detail;
    this.instance = problem?.instance ?? undefined;
    this.traceId = problem?.traceId;
    this.errors = problem && "errors" in problem && isErrorMap(problem.errors) ? problem.errors : {};
    this.retryAfter = parseRetryAfter(response.headers.get("Retry-After"));
    this.problem = problem;
    this.response = response;
  }
}

function isProblem(body: unknown): body is Problem {
  return typeof body === "object" && body !== null && typeof (body as { status?: unknown }).status === "number"
    && typeof (body as { title?: unknown }).title === "string";
}

function isErrorMap(value: unknown): value is Record<string, string[]> {
  return typeof value === "object" && value !== null
    && Object.values(value).every(messages => Array.isArray(messages));
}

/** Seconds from a `Retry-After` value: delta-seconds, or an HTTP date counted from now (never negative). */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
