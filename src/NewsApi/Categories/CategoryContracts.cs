namespace NewsApi.Categories;

public sealed record CategoryLinks(string Self, string Articles);

/// <summary>A category. <c>articleCount</c> counts published articles of the category and its sub-categories.</summary>
public sealed record Category(int Id, string Slug, string Name, string? Description, int? ParentId, int ArticleCount, CategoryLinks Links);
