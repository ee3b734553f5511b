using System.Text.Json.Serialization;

namespace NewsApi.Text;

/// <summary>
/// One block of an article body as structured JSON, for clients that do not render HTML (mobile).
/// Serialised with a <c>type</c> discriminator: paragraph, heading, image, quote, list.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ParagraphBlock), "paragraph")]
[JsonDerivedType(typeof(HeadingBlock), "heading")]
[JsonDerivedType(typeof(ImageBlock), "image")]
[JsonDerivedType(typeof(QuoteBlock), "quote")]
[JsonDerivedType(typeof(ListBlock), "list")]
public abstract record ContentBlock;

/// <summary>Plain text; line breaks (<c>&lt;br&gt;</c>) are kept as <c>"\n"</c>.</summary>
public sealed record ParagraphBlock(string Text) : ContentBlock;

/// <summary>A sub-heading, level 2 to 6 (level 1 is the article title).</summary>
public sealed record HeadingBlock(int Level, string Text) : ContentBlock;

/// <summary>An image with an absolute http(s) URL.</summary>
public sealed record ImageBlock(string Url, string? Alt, string? Caption) : ContentBlock;

/// <summary>A quotation; its paragraphs are joined by <c>"\n"</c>.</summary>
public sealed record QuoteBlock(string Text, string? Cite) : ContentBlock;

/// <summary>A bulleted or numbered list of plain-text items.</summary>
public sealed record ListBlock(bool Ordered, IReadOnlyList<string> Items) : ContentBlock;
