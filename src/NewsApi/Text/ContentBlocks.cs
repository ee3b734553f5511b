using System.Text.Json.Serialization;
namespace NewsApi.Text;
// TEMPORARY STUB
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ParagraphBlock), "paragraph")]
[JsonDerivedType(typeof(HeadingBlock), "heading")]
[JsonDerivedType(typeof(ImageBlock), "image")]
[JsonDerivedType(typeof(QuoteBlock), "quote")]
[JsonDerivedType(typeof(ListBlock), "list")]
public abstract record ContentBlock;
public sealed record ParagraphBlock(string Text) : ContentBlock;
public sealed record HeadingBlock(int Level, string Text) : ContentBlock;
public sealed record ImageBlock(string Url, string? Alt, string? Caption) : ContentBlock;
public sealed record QuoteBlock(string Text, string? Cite) : ContentBlock;
public sealed record ListBlock(bool Ordered, IReadOnlyList<string> Items) : ContentBlock;
