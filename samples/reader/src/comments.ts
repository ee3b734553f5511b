import { api, NewsApiError, type Comment } from "./api.js";
import { h, replace } from "./dom.js";
import { commentCount, formatDate, formatNumber } from "./format.js";
import { safeUrl } from "./links.js";

// Replies go five levels deep at most (the API refuses deeper ones), so the reply button stops there.
const maxDepth = 5;
const tokenKey = "newsapi-reader:commenter";

interface Reply { id: number; authorName: string }

/** The comments section of an article: approved comments as a thread, and the form to add one. */
export function commentsSection(slug: string, count: number, open: boolean): HTMLElement {
  const list = h("div", { class: "comment-thread" }, h("p", { class: "muted" }, "جارٍ تحميل التعليقات…"));
  const form = open ? commentForm(slug, () => void load()) : null;
  const section = h("section", { class: "comments", "aria-labelledby": "comments-heading" },
    h("h2", { id: "comments-heading" }, "التعليقات ", h("span", { class: "muted" }, `(${commentCount(count)})`)),
    list,
    form?.element ?? h("p", { class: "muted" }, "التعليقات مغلقة على هذا المقال."));

  // Every page of top-level comments (each with its replies). The client revalidates with If-None-Match, which also
  // keeps the browser's HTTP cache out of it, so a comment published a moment ago shows on the next load.
  async function load(): Promise<void> {
    try {
      const comments: Comment[] = [];
      for await (const comment of api.comments(slug, { pageSize: 50 })) comments.push(comment);
      replace(list, comments.length
        ? thread(comments, 1, form ? form.replyTo : undefined)
        : h("p", { class: "muted" }, "لا تعليقات بعد. كن أول من يعلّق."));
    } catch {
      replace(list, h("p", { class: "muted" }, "تعذر تحميل التعليقات."));
    }
  }
  void load();
  return section;
}

function thread(comments: readonly Comment[], depth: number, replyTo: ((reply: Reply) => void) | undefined): HTMLOListElement {
  return h("ol", { class: depth === 1 ? "comment-list" : "comment-replies" }, comments.map(comment => {
    const website = safeUrl(comment.authorUrl);
    const author = website ? h("a", { href: website, rel: "nofollow ugc noopener noreferrer" }, comment.authorName) : comment.authorName;
    return h("li", null,
      h("article", { class: "comment", "aria-label": `تعليق ${comment.authorName}` },
        h("p", { class: "comment-meta" },
          h("b", { class: "comment-author" }, author), " · ",
          h("time", { datetime: comment.createdAt }, formatDate(comment.createdAt))),
        // dir="auto": a comment in English or any other language sets its own direction.
        h("p", { class: "comment-body", dir: "auto" }, comment.body),
        replyTo && depth < maxDepth
          ? h("button", { type: "button", class: "link-button", onclick: () => replyTo({ id: comment.id, authorName: comment.authorName }) },
            `رد على ${comment.authorName}`)
          : null),
      comment.replies.length ? thread(comment.replies, depth + 1, replyTo) : null);
  }));
}

interface Remembered { email: string; token: string }

function remembered(): Remembered | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(tokenKey) ?? "null") as Remembered | null;
    return value && typeof value.email === "string" && typeof value.token === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

function field(name: string, label: string, control: HTMLInputElement | HTMLTextAreaElement, hint?: string): HTMLElement {
  const id = `comment-${name}`;
  control.id = id;
  control.name = name;
  const error = h("p", { class: "field-error", id: `${id}-error`, hidden: true });
  const hintElement = hint ? h("p", { class: "field-hint", id: `${id}-hint` }, hint) : null;
  if (hintElement) control.setAttribute("aria-describedby", hintElement.id);
  return h("div", { class: "field" }, h("label", { for: id }, label), hintElement, control, error);
}

function commentForm(slug: string, reload: () => void) {
  const name = h("input", { type: "text", required: true, maxlength: 245, autocomplete: "name" });
  const email = h("input", { type: "email", required: true, maxlength: 100, autocomplete: "email", dir: "ltr" });
  const website = h("input", { type: "url", maxlength: 200, autocomplete: "url", dir: "ltr" });
  const body = h("textarea", { required: true, rows: 6, maxlength: 5000 });
  // The honeypot: people and assistive technology never meet it (off screen, aria-hidden, out of the tab order), a
  // bot filling every field does, and the API then files its comment as spam while answering as usual.
  const honeypot = h("input", { type: "text", name: "website", id: "comment-website-hp", tabindex: -1, autocomplete: "off" });
  const trap = h("div", { class: "honeypot", "aria-hidden": "true" }, h("label", { for: "comment-website-hp" }, "اترك هذا الحقل فارغًا"), honeypot);

  const replyNote = h("p", { class: "reply-note", hidden: true });
  const message = h("div", { class: "form-message", role: "status", "aria-live": "polite" });
  const submit = h("button", { type: "submit" }, "أرسل التعليق");
  const fields: Record<string, HTMLInputElement | HTMLTextAreaElement> = { authorName: name, authorEmail: email, authorUrl: website, body };
  let parentId: number | undefined;
  let pending: { payload: string; key: string } | undefined;

  const form = h("form", { class: "comment-form", "aria-labelledby": "comment-form-heading" },
    h("h3", { id: "comment-form-heading" }, "أضف تعليقًا"),
    h("p", { class: "muted" }, "لن يُنشر بريدك الإلكتروني. الحقول المطلوبة مشار إليها بـ *"),
    replyNote,
    field("authorName", "الاسم *", name),
    field("authorEmail", "البريد الإلكتروني *", email),
    field("authorUrl", "الموقع الإلكتروني", website, "اختياري، يبدأ بـ https://"),
    field("body", "التعليق *", body),
    trap,
    submit,
    message);

  function showMessage(kind: "success" | "error", ...lines: (string | Node)[]): void {
    message.dataset["kind"] = kind;
    replace(message, ...lines.map(line => h("p", null, line)));
  }

  function clearErrors(): void {
    for (const control of Object.values(fields)) {
      control.removeAttribute("aria-invalid");
      const error = form.querySelector<HTMLElement>(`#${control.id}-error`);
      if (error) { error.hidden = true; error.textContent = ""; }
      const hint = form.querySelector(`#${control.id}-hint`);
      if (hint) control.setAttribute("aria-describedby", hint.id); else control.removeAttribute("aria-describedby");
    }
  }

  function showFieldErrors(errors: Readonly<Record<string, readonly string[]>>): string[] {
    const others: string[] = [];
    let first: HTMLElement | undefined;
    for (const [key, messages] of Object.entries(errors)) {
      const control = Object.entries(fields).find(([name]) => name.toLowerCase() === key.toLowerCase())?.[1];
      const error = control && form.querySelector<HTMLElement>(`#${control.id}-error`);
      if (!control || !error) { others.push(...messages); continue; }
      error.textContent = messages.join(" ");
      error.hidden = false;
      control.setAttribute("aria-invalid", "true");
      control.setAttribute("aria-describedby", [control.getAttribute("aria-describedby"), error.id].filter(Boolean).join(" "));
      first ??= control;
    }
    first?.focus();
    return others;
  }

  form.addEventListener("submit", async event => {
    event.preventDefault();
    clearErrors();
    const request = {
      authorName: name.value.trim(),
      authorEmail: email.value.trim(),
      body: body.value,
      ...(website.value.trim() ? { authorUrl: website.value.trim() } : {}),
      ...(parentId !== undefined ? { parentId } : {}),
      ...(honeypot.value ? { website: honeypot.value } : {}),
    };
    // Sending the same comment again (after a lost answer or a refusal) reuses its Idempotency-Key, so it is stored once.
    const payload = JSON.stringify([slug, request]);
    if (pending?.payload !== payload) pending = { payload, key: crypto.randomUUID() };
    const known = remembered();
    submit.disabled = true;
    form.setAttribute("aria-busy", "true");
    try {
      const answer = await api.submitComment(slug, request, {
        idempotencyKey: pending.key,
        ...(known && known.email === request.authorEmail ? { commenterToken: known.token } : {}),
      });
      pending = undefined;
      try {
        localStorage.setItem(tokenKey, JSON.stringify({ email: request.authorEmail, token: answer.commenterToken }));
      } catch {
        // Private browsing may refuse storage; the token only spares later moderation.
      }
      body.value = "";
      cancelReply();
      if (answer.status === "approved") {
        showMessage("success", "شكرًا لك، نُشر تعليقك.");
        reload();
      } else {
        showMessage("success", "شكرًا لك، وصل تعليقك وهو بانتظار موافقة المشرفين قبل نشره.");
      }
    } catch (error) {
      showMessage("error", ...refusal(error, showFieldErrors));
    } finally {
      submit.disabled = false;
      form.removeAttribute("aria-busy");
    }
  });

  function cancelReply(): void {
    parentId = undefined;
    replyNote.hidden = true;
    replace(replyNote);
  }

  function replyTo(reply: Reply): void {
    parentId = reply.id;
    replace(replyNote, `ردًا على ${reply.authorName}. `,
      h("button", { type: "button", class: "link-button", onclick: () => { cancelReply(); body.focus(); } }, "إلغاء الرد"));
    replyNote.hidden = false;
    name.value ? body.focus() : name.focus();
  }

  return { element: form, replyTo };
}

/** What to tell the reader when a submission is refused, by status. */
function refusal(error: unknown, showFieldErrors: (errors: Readonly<Record<string, readonly string[]>>) => string[]): string[] {
  if (!(error instanceof NewsApiError)) return ["تعذر إرسال التعليق: تحقق من اتصالك بالإنترنت وأعد المحاولة."];
  switch (error.status) {
    case 400: {
      const others = showFieldErrors(error.errors);
      return ["لم يُرسل التعليق: راجع الحقول المشار إليها.", ...others];
    }
    case 429:
      return [error.retryAfter !== undefined
        ? `أرسلت تعليقات كثيرة في وقت قصير. انتظر ${formatNumber(error.retryAfter)} ثانية ثم أعد المحاولة.`
        : "أرسلت تعليقات كثيرة في وقت قصير. انتظر قليلًا ثم أعد المحاولة."];
    case 403:
      return ["التعليقات مغلقة على هذا المقال."];
    case 404:
      return ["لم يعد هذا المقال متاحًا للتعليق."];
    case 413:
      return ["التعليق أطول من المسموح به."];
    default:
      return [`تعذر إرسال التعليق (${error.title}). أعد المحاولة بعد قليل.`];
  }
}
