export * from "./client.js";
export { ETagCache, wasRevalidated } from "./etag.js";
export { NewsApiError, parseRetryAfter, type Problem } from "./problem.js";
export { parseLinkHeader, followPages, followItems, type Page } from "./paging.js";
export type { paths, components, operations } from "./generated/v1.js";
