using FluentValidation;
using NewsApi.Http;

namespace NewsApi.Webhooks;

/// <summary>The text of webhook refusals, in Arabic or English like every problem answer.</summary>
public static class WebhookMessages
{
    private static string Pick(string english, string arabic) => Messages.IsArabic ? arabic : english;

    public static string UnknownEvent(string name) =>
        Pick($"'{name}' must list event types among: {string.Join(", ", WebhookEvents.Subscribable)}.",
             $"يجب أن تحتوي '{name}' على أنواع أحداث من بين: {string.Join("، ", WebhookEvents.Subscribable)}.");

    public static string EventsRequired(string name) =>
        Pick($"'{name}' must list at least one event type.", $"يجب أن تحتوي '{name}' على نوع حدث واحد على الأقل.");

    public static string Refusal(WebhookUrlRefusal refusal) => refusal switch
    {
        WebhookUrlRefusal.HttpsRequired => Pick("'url' must be an https URL.", "يجب أن يكون 'url' رابطًا يبدأ بـ https."),
        WebhookUrlRefusal.Unresolvable => Pick("The host of 'url' has no address.", "لا يوجد عنوان للمضيف في 'url'."),
        WebhookUrlRefusal.PrivateNetwork => Pick(
            "The host of 'url' resolves to a loopback, private, link-local or otherwise non-public address, which webhooks may not reach.",
            "يشير مضيف 'url' إلى عنوان محلي أو خاص أو غير عام، ولا يجوز إرسال الإشعارات إليه."),
        _ => Messages.HttpUrl("url"),
    };

    public static string SubscriptionDisabled =>
        Pick("The subscription is disabled: enable it (PATCH with enabled=true) before sending a test.",
             "الاشتراك معطّل: فعّله (PATCH مع enabled=true) قبل إرسال الاختبار.");
}

public static class WebhookRules
{
    public const int MaxUrlLength = 2000;
    public const int MaxDescriptionLength = 500;

    public static void Events<T>(AbstractValidator<T> validator, Func<T, IReadOnlyList<string>?> events, bool required)
    {
        validator.RuleFor(r => events(r))
            .Must(list => list is not null || !required).WithMessage(_ => WebhookMessages.EventsRequired("events"))
            .Must(list => list is null || list.Count > 0).WithMessage(_ => WebhookMessages.EventsRequired("events"))
            .Must(list => list is null || list.All(e => WebhookEvents.Subscribable.Contains(e))).WithMessage(_ => WebhookMessages.UnknownEvent("events"))
            .OverridePropertyName("events");
    }

    public static void Url<T>(AbstractValidator<T> validator, Func<T, string?> url, bool required)
    {
        validator.RuleFor(r => url(r))
            .Must(u => !string.IsNullOrEmpty(u) || !required).WithMessage(_ => Messages.HttpUrl("url"))
            .MaximumLength(MaxUrlLength)
            .Must(u => u is null || WebhookAddresses.CheckForm(u, httpsRequired: false) == WebhookUrlRefusal.None)
            .WithMessage(_ => Messages.HttpUrl("url"))
            .OverridePropertyName("url");
    }
}

public sealed class WebhookCreateRequestValidator : AbstractValidator<WebhookCreateRequest>
{
    public WebhookCreateRequestValidator()
    {
        WebhookRules.Url(this, r => r.Url, required: true);
        WebhookRules.Events(this, r => r.Events, required: true);
        RuleFor(r => r.Description).MaximumLength(WebhookRules.MaxDescriptionLength).OverridePropertyName("description");
    }
}

public sealed class WebhookUpdateRequestValidator : AbstractValidator<WebhookUpdateRequest>
{
    public WebhookUpdateRequestValidator()
    {
        WebhookRules.Url(this, r => r.Url, required: false);
        WebhookRules.Events(this, r => r.Events, required: false);
        RuleFor(r => r.Description).MaximumLength(WebhookRules.MaxDescriptionLength).OverridePropertyName("description");
    }
}
