namespace NewsApi.Articles;

/// <summary>The columns every article read maps, public or editorial; each store's row adds its own.</summary>
internal abstract class ArticleRowBase
{
    public int Id { get; init; }

    public string Slug { get; init; } = "";

    public string Title { get; init; } = "";

    public string Excerpt { get; init; } = "";

    public string Language { get; init; } = "";

    public string Direction { get; init; } = "";

    public int CategoryId { get; init; }

    public string CategorySlug { get; init; } = "";

    public string CategoryName { get; init; } = "";

    public string? AuthorSlug { get; init; }

    public string? AuthorName { get; init; }

    public string? ImageUrl { get; init; }

    public string? ImageAlt { get; init; }

    public string? ImageCaption { get; init; }

    public string? ImageCredit { get; init; }

    public DateTime UpdatedAt { get; init; }

    public int ReadingTimeMinutes { get; init; }

    public bool CommentsOpen { get; init; }

    public int CommentCount { get; init; }

    public bool Featured { get; init; }

    public CategoryRef Category => new(CategoryId, CategorySlug, CategoryName);

    public AuthorRef? Author => AuthorSlug is null || AuthorName is null ? null : new AuthorRef(AuthorSlug, AuthorName);

    public ArticleImage? Image => ImageUrl is null ? null : new ArticleImage(ImageUrl, ImageAlt, ImageCaption, ImageCredit);
}
