import type { Child } from "../dom.js";

/** What a route renders: the document title and the content of <main>, whose first h1 takes the focus. */
export interface View {
  title: string;
  content: Child[];
}
