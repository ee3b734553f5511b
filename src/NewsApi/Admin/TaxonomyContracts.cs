using System.ComponentModel;
using System.Text.Json.Serialization;

namespace NewsApi.Admin;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CategoryWriteRequest(
    [property: Description("Display name.")] string Name,
    [property: Description("Unicode slug; generated from the name when omitted.")] string? Slug = null,
    [property: Description("Short description.")] string? Description = null,
    [property: Description("Parent category id; null for a top-level category. Setting it moves the category.")] int? ParentId = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TagWriteRequest(
    [property: Description("Display name.")] string Name,
    [property: Description("Unicode slug; generated from the name when omitted.")] string? Slug = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AuthorWriteRequest(
    [property: Description("Display name.")] string Name,
    [property: Description("Unicode slug; generated from the name when omitted.")] string? Slug = null,
    [property: Description("One or two sentences about the author.")] string? Bio = null);

public sealed record AdminCategory(int Id, string Slug, string Name, string? Description, int? ParentId);

public sealed record AdminTag(int Id, string Slug, string Name);

public sealed record AdminAuthor(int Id, string Slug, string Name, string? Bio);
