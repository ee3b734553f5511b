using System.ComponentModel;
using System.Text.Json.Serialization;

namespace NewsApi.Text;

/// <summary>
/// One block of an article body as structured JSON, for clients that do not render HTML (mobile).
/// Serialised with a <c>type</c> discriminator: paragraph, heading, image, quote, list, table, definitions, address,
/// embed, separator. Clients should skip a type they do not know: more may be added.
/// </summary>
/// <remarks>
/// Every block's text is plain: text marked as deleted or no longer accurate (<c>&lt;del&gt;</c>, <c>&lt;s&gt;</c>)
/// is left out so it never reads as current, and an inline quotation (<c>&lt;q&gt;</c>) is put in quotation marks;
/// the HTML keeps both as they were written.
/// </remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ParagraphBlock), "paragraph")]
[JsonDerivedType(typeof(HeadingBlock), "heading")]
[JsonDerivedType(typeof(ImageBlock), "image")]
[JsonDerivedType(typeof(QuoteBlock), "quote")]
[JsonDerivedType(typeof(ListBlock), "list")]
[JsonDerivedType(typeof(TableBlock), "table")]
[JsonDerivedType(typeof(DefinitionListBlock), "definitions")]
[JsonDerivedType(typeof(AddressBlock), "address")]
[JsonDerivedType(typeof(EmbedBlock), "embed")]
[JsonDerivedType(typeof(SeparatorBlock), "separator")]
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

/// <summary>
/// A table as rows of plain-text cells: header rows (<c>thead</c>), body rows, and footer rows (<c>tfoot</c>: totals,
/// sources), each kept apart so a footer never reads as data. The caption comes from <c>caption</c> or the
/// enclosing figure's <c>figcaption</c>.
/// </summary>
public sealed record TableBlock(
    [property: Description("From the table's `caption` or its figure's `figcaption`; null when it has none.")] string? Caption,
    [property: Description("Header rows (`thead`), each a list of cell texts.")] IReadOnlyList<IReadOnlyList<string>> Head,
    [property: Description("Body rows, each a list of cell texts.")] IReadOnlyList<IReadOnlyList<string>> Body,
    [property: Description("Footer rows (`tfoot`: totals, sources), kept apart so they never read as data.")] IReadOnlyList<IReadOnlyList<string>> Foot) : ContentBlock;

/// <summary>A description list (<c>dl</c>): each item names one or more terms and their descriptions.</summary>
public sealed record DefinitionListBlock(IReadOnlyList<DefinitionItem> Items) : ContentBlock;

/// <summary>One group of a description list: its terms (<c>dt</c>) and descriptions (<c>dd</c>).</summary>
public sealed record DefinitionItem(
    [property: Description("The terms (`dt`) this group describes; empty when a description comes first.")] IReadOnlyList<string> Terms,
    [property: Description("Their descriptions (`dd`).")] IReadOnlyList<string> Descriptions);

/// <summary>Contact information (<c>address</c>), such as a correspondent's or a bureau's; lines joined by <c>"\n"</c>.</summary>
public sealed record AddressBlock(string Text) : ContentBlock;

/// <summary>
/// Media from another site (a video, a post) to embed by its URL, an absolute http(s) URL. <c>provider</c> names a
/// known service (youtube, vimeo, x, facebook, instagram, tiktok, soundcloud, spotify, dailymotion …) or is null. The
/// HTML carries it as a link alone in a figure; a client may show its own player for the provider or just the link.
/// </summary>
public sealed record EmbedBlock(
    [property: Description("The media's page: an absolute http(s) URL, normalised.")] string Url,
    [property: Description("A known media service (`youtube`, `vimeo`, `x`, `facebook`, `instagram`, `tiktok`, `soundcloud`, `spotify`, `dailymotion`, `flickr`, `reddit`, `tumblr`, `ted`, `imgur`, `mixcloud`, `threads`, `bluesky`, `scribd`, `slideshare`, `wordpress-tv`, `anghami`), or null: show the URL as a link.")] string? Provider,
    string? Caption) : ContentBlock;

/// <summary>A thematic break between sections (<c>hr</c>).</summary>
public sealed record SeparatorBlock : ContentBlock;
