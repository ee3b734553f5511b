import type { components } from "./api.js";
import { h } from "./dom.js";
import { safeUrl } from "./links.js";

type Block = components["schemas"]["ArticleBody"]["blocks"][number];

// The article body from its structured blocks rather than its HTML: every piece of text becomes a text node, so the
// reader needs no HTML sanitiser of its own. Headings start at h2 under the article's h1, whatever level the editor used.
export function renderBlocks(blocks: readonly Block[]): Node[] {
  return blocks.map(renderBlock).filter((node): node is HTMLElement => node !== null);
}

function renderBlock(block: Block): HTMLElement | null {
  switch (block.type) {
    case "paragraph":
      return h("p", null, block.text);
    case "heading": {
      const level = Math.min(6, Math.max(2, block.level)) as 2 | 3 | 4 | 5 | 6;
      return h(`h${level}` as "h2", null, block.text);
    }
    case "image":
      return figure(block.url, block.alt, block.caption);
    case "quote":
      return h("blockquote", null, h("p", null, block.text), block.cite ? h("footer", null, h("cite", null, block.cite)) : null);
    case "list":
      return h(block.ordered ? "ol" : "ul", null, block.items.map(item => h("li", null, item)));
    case "table": {
      const rows = (cells: readonly (readonly string[])[], cell: "th" | "td") =>
        cells.map(row => h("tr", null, row.map(text => h(cell, cell === "th" ? { scope: "col" } : null, text))));
      return h("div", { class: "table-wrap" },
        h("table", null,
          block.caption ? h("caption", null, block.caption) : null,
          block.head.length ? h("thead", null, rows(block.head, "th")) : null,
          h("tbody", null, rows(block.body, "td")),
          block.foot.length ? h("tfoot", null, rows(block.foot, "td")) : null));
    }
    case "definitions":
      return h("dl", null, block.items.map(item => [
        item.terms.map(term => h("dt", null, term)),
        item.descriptions.map(description => h("dd", null, description)),
      ]));
    case "address":
      return h("address", null, block.text);
    case "embed": {
      const href = safeUrl(block.url);
      return href ? h("p", { class: "embed" }, h("a", { href, rel: "noopener noreferrer" }, block.caption ?? block.provider ?? href)) : null;
    }
    case "separator":
      return h("hr");
    default:
      return null;
  }
}

/** An image with its caption; an image that fails to load is removed rather than left as a broken box. */
export function figure(url: string, alt: string | null, caption: string | null, credit?: string | null): HTMLElement | null {
  const src = safeUrl(url);
  if (!src) return null;
  const image = h("img", { src, alt: alt ?? "", loading: "lazy", decoding: "async" });
  const element = h("figure", null, image,
    caption || credit ? h("figcaption", null, caption ?? "", credit ? h("span", { class: "credit" }, credit) : null) : null);
  image.addEventListener("error", () => image.remove(), { once: true });
  return element;
}
