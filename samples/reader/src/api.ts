import { createNewsApiClient } from "@newsapi/client";
import { apiBase } from "./config.js";

// One client for the whole reader: problem details in Arabic, and its ETag cache revalidates pages read again (going
// back to the home page costs a 304, not a body).
export const api = createNewsApiClient({ baseUrl: apiBase, language: "ar" });

export type {
  ArticleDetail, ArticleSummary, Category, Comment, RelatedList, SearchHit, components,
} from "@newsapi/client";
export { NewsApiError } from "@newsapi/client";
