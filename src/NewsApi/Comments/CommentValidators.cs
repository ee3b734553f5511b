using System.Net.Mail;
using FluentValidation;
using Microsoft.Extensions.Options;
using NewsApi.Admin;
using NewsApi.Http;
using NewsApi.Text;

namespace NewsApi.Comments;

public sealed class CommentRequestValidator : AbstractValidator<CommentRequest>
{
    public const int MaxNameLength = 245;
    public const int MaxEmailLength = 100;
    public const int MaxUrlLength = 200;

    public CommentRequestValidator(IOptions<NewsApiOptions> options)
    {
        var maxBody = options.Value.Comments.MaxBodyLength;
        RuleFor(r => r.AuthorName).NotEmpty().MaximumLength(MaxNameLength).OverridePropertyName("authorName");
        RuleFor(r => r.AuthorEmail).NotEmpty().MaximumLength(MaxEmailLength)
            .Must(IsEmailAddress).WithMessage(_ => Messages.EmailAddress("authorEmail"))
            .OverridePropertyName("authorEmail");
        // The limits apply to what is stored: the text left once HTML is stripped.
        RuleFor(r => r.Body).Cascade(CascadeMode.Stop).NotEmpty().OverridePropertyName("body")
            .Must(body => HtmlMarkup.CountTags(body) <= CommentText.MaxTags).WithMessage(_ => Messages.TooMuchMarkup("body", CommentText.MaxTags))
            .Custom((body, context) =>
            {
                var length = CommentText.Read(body).Text.Length;
                if (length == 0 || length > maxBody)
                {
                    context.AddFailure("body", length == 0 ? Messages.NoTextLeft("body") : Messages.TooLong("body", maxBody));
                }
            });
        When(r => !string.IsNullOrWhiteSpace(r.AuthorUrl), () =>
            RuleFor(r => r.AuthorUrl).MaximumLength(MaxUrlLength)
                .Must(WebUrls.IsWebUrl).WithMessage(_ => Messages.HttpUrl("authorUrl"))
                .OverridePropertyName("authorUrl"));
        RuleFor(r => r.ParentId).GreaterThan(0).OverridePropertyName("parentId");
    }

    /// <summary>One address with a dotted domain, nothing around it (no display name, no second address).</summary>
    public static bool IsEmailAddress(string? value)
    {
        var trimmed = value?.Trim();
        return trimmed is not null && MailAddress.TryCreate(trimmed, out var address) && address.Address == trimmed
            && address.Host.Contains('.', StringComparison.Ordinal) && !address.Host.EndsWith('.') && !address.Host.StartsWith('.');
    }
}

public sealed class CommentStatusRequestValidator : AbstractValidator<CommentStatusRequest>
{
    public CommentStatusRequestValidator()
    {
        RuleFor(r => r.Status).NotEmpty().OverridePropertyName("status");
        RuleFor(r => r.Status).MustBeOneOf("status", CommentStatuses.Decisions).When(r => !string.IsNullOrEmpty(r.Status));
    }
}

public sealed class AdminCommentListQueryValidator : AbstractValidator<AdminCommentListQuery>
{
    public AdminCommentListQueryValidator()
    {
        RuleFor(q => q.Status).MustBeOneOf("status", CommentStatuses.All);
        RuleFor(q => q.Article).MustBeAtMost("article", 300);
        RuleFor(q => q.Page).MustBeWholeNumberAtLeast("page", 1);
        RuleFor(q => q.PageSize).MustBeWholeNumberBetween("pageSize", 1, Paging.MaxPageSize);
    }
}
