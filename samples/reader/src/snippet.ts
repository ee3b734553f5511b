import { h } from "./dom.js";

// A search snippet is escaped text in which the API marks the matched words with <mark>…</mark>. The reader renders
// those marks and nothing else as markup: it splits the string on the two tags and decodes the escaped text between
// them into text nodes, so whatever else looks like a tag stays text.
const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return entities[name.toLowerCase()] ?? whole;
  });
}

export function snippetNodes(snippet: string): Node[] {
  const nodes: Node[] = [];
  let marked = false;
  for (const part of snippet.split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>") marked = true;
    else if (part === "</mark>") marked = false;
    else if (part !== "") {
      const text = decodeEntities(part);
      nodes.push(marked ? h("mark", null, text) : document.createTextNode(text));
    }
  }
  return nodes;
}
