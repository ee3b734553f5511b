using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NewsApi.Admin;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Webhooks;

/// <summary>
/// The subscription API: the secret shown once, never again; the scope; validation answered as problem details in
/// Arabic or English; URLs refused when they are http in Production or resolve to non-public addresses.
/// </summary>
public sealed class WebhookAdminTests(WebhookAdminTests.App app) : IClassFixture<WebhookAdminTests.App>
{
    /// <summary>An app as deployed: Production, http not allowed, private networks not allowed.</summary>
    public sealed class App : IDisposable
    {
        public NewsApiFactory Factory { get; } = new();

        public HttpClient Admin => Factory.CreateClientWithKey(ApiKeyStore.WebhooksManage);

        public void Dispose() => Factory.Dispose();
    }

    private const string PublicUrl = "https://93.184.215.14/hooks/news";

    [Fact]
    public async Task Creating_a_subscription_answers_201_with_a_whsec_secret_of_32_random_bytes_that_no_later_answer_shows()
    {
        using var admin = app.Admin;
        var response = await admin.PostAsJsonAsync("/api/v1/admin/webhooks", new { url = PublicUrl, events = new[] { "article.published", "article.deleted" }, description = "إعادة بناء الموقع" });
        var created = await response.JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/admin/webhooks/{id}", response.Headers.Location?.ToString());
        var secret = created.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.True(created.GetProperty("enabled").GetBoolean());
        Assert.Equal(["article.published", "article.deleted"], created.GetProperty("events").EnumerateArray().Select(e => e.GetString()));

        var other = await (await admin.PostAsJsonAsync("/api/v1/admin/webhooks", new { url = PublicUrl, events = new[] { "article.published" } })).JsonAsync(HttpStatusCode.Created);
        Assert.NotEqual(secret, other.GetProperty("secret").GetString());

        foreach (var path in new[] { $"/api/v1/admin/webhooks/{id}", "/api/v1/admin/webhooks" })
        {
            var read = await admin.GetAsync(path);
            var body = await read.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Contains("إعادة بناء الموقع", body, StringComparison.Ordinal);
            Assert.DoesNotContain(secret["whsec_".Length..], body, StringComparison.Ordinal);
            Assert.DoesNotContain("whsec_", body, StringComparison.Ordinal);
            Assert.DoesNotContain("\"secret\"", body, StringComparison.Ordinal);
            Assert.Equal("no-store", read.Headers.CacheControl?.ToString());
        }

        var patched = await (await admin.PatchAsJsonAsync($"/api/v1/admin/webhooks/{id}", new { enabled = false, events = new[] { "taxonomy.changed" } })).JsonAsync();
        Assert.DoesNotContain("secret", patched.EnumerateObject().Select(p => p.Name));
        Assert.False(patched.GetProperty("enabled").GetBoolean());
        Assert.Equal("manual", patched.GetProperty("disabledReason").GetString());
        Assert.Equal(["taxonomy.changed"], patched.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(PublicUrl, patched.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Webhook_routes_need_the_webhooks_manage_scope()
    {
        using var editor = app.Factory.CreateEditorClient();
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync("/api/v1/admin/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.PostAsJsonAsync("/api/v1/admin/webhooks", new { url = PublicUrl, events = new[] { "ping" } })).StatusCode);
        using var anonymous = app.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/admin/webhooks")).StatusCode);
        using var admin = app.Admin;
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/admin/webhooks")).StatusCode);
    }

    [Fact]
    public async Task Unknown_events_and_properties_and_non_http_urls_are_refused_as_problem_details_in_Arabic()
    {
        using var admin = app.Admin;
        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ar");
        var problem = await (await admin.PostAsJsonAsync("/api/v1/admin/webhooks", new { url = "ftp://example.com/x", events = new[] { "article.published", "article.liked" } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Contains("أنواع أحداث", errors.GetProperty("events")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("http", errors.GetProperty("url")[0].GetString(), StringComparison.Ordinal);

        await (await admin.PostAsJsonAsync("/api/v1/admin/webhooks", new { url = PublicUrl, events = Array.Empty<string>() })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PostAsJsonAsync("/api/v1/admin/webhooks", new { url = PublicUrl, events = new[] { "ping" } })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PostAsJsonAsync("/api/v1/admin/webhooks", new { url = PublicUrl, events = new[] { "article.published" }, secret = "whsec_mine" })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PatchAsJsonAsync("/api/v1/admin/webhooks/999999", new { enabled = true })).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync("/api/v1/admin/webhooks/999999")).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync("/api/v1/admin/webhooks/999999/deliveries")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://localhost:8443/hook")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://172.20.0.5/hook")]
    [InlineData("https://192.168.1.10/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[fd00:ec2::254]/hook")]
    [InlineData("https://[::ffff:127.0.0.1]/hook")]
    [InlineData("https://0.0.0.0/hook")]
    public async Task A_url_that_resolves_to_a_loopback_private_link_local_or_metadata_address_is_refused_at_creation_and_change(string url)
    {
        using var admin = app.Admin;
        var problem = await (await admin.PostAsJsonAsync("/api/v1/admin/webhooks", new { url, events = new[] { "article.published" } })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("non-public", problem.GetProperty("errors").GetProperty("url")[0].GetString(), StringComparison.Ordinal);

        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/webhooks", new { url = PublicUrl, events = new[] { "article.published" } })).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        await (await admin.PatchAsJsonAsync($"/api/v1/admin/webhooks/{id}", new { url })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(PublicUrl, (await (await admin.GetAsync($"/api/v1/admin/webhooks/{id}")).JsonAsync()).GetProperty("url").GetString());
    }

    [Fact]
    public async Task An_http_url_is_refused_in_Production_unless_AllowHttp_is_set()
    {
        using var admin = app.Admin;
        var problem = await (await admin.PostAsJsonAsync("/api/v1/admin/webhooks", new { url = "http://93.184.215.14/hook", events = new[] { "article.published" } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("https", problem.GetProperty("errors").GetProperty("url")[0].GetString(), StringComparison.Ordinal);

        await using var allowing = new NewsApiFactory().With("NewsApi:Webhooks:AllowHttp", "true");
        using var allowed = allowing.CreateClientWithKey(ApiKeyStore.WebhooksManage);
        await (await allowed.PostAsJsonAsync("/api/v1/admin/webhooks", new { url = "http://93.184.215.14/hook", events = new[] { "article.published" } }))
            .JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Deleting_a_subscription_removes_it_and_its_deliveries()
    {
        using var admin = app.Admin;
        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/webhooks", new { url = PublicUrl, events = new[] { "article.published" } })).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/admin/webhooks/{id}")).StatusCode);
        await (await admin.GetAsync($"/api/v1/admin/webhooks/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.DeleteAsync($"/api/v1/admin/webhooks/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        var list = await (await admin.GetAsync("/api/v1/admin/webhooks")).JsonAsync();
        Assert.DoesNotContain(id, list.EnumerateArray().Select(s => s.GetProperty("id").GetInt32()));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_payload_and_the_signature_scheme()
    {
        using var client = app.Factory.CreateClient();
        var document = await (await client.GetAsync("/openapi/v1.json")).JsonAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var webhookEvent = schemas.GetProperty("WebhookEvent");
        Assert.Contains("webhook-signature", webhookEvent.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("HMAC-SHA256", webhookEvent.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(["type", "timestamp", "data"], webhookEvent.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(NewsApi.Webhooks.WebhookEvents.All, webhookEvent.GetProperty("properties").GetProperty("type").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.True(schemas.TryGetProperty("WebhookEventData", out _));
        var received = document.GetProperty("x-webhooks").GetProperty("contentEvent").GetProperty("post");
        Assert.Equal("#/components/schemas/WebhookEvent",
            received.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/admin/webhooks", "/api/v1/admin/webhooks/{id}", "/api/v1/admin/webhooks/{id}/deliveries", "/api/v1/admin/webhooks/{id}/deliveries/{deliveryId}/retry", "/api/v1/admin/webhooks/{id}/test" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }

        var created = paths.GetProperty("/api/v1/admin/webhooks").GetProperty("post").GetProperty("responses").GetProperty("201");
        Assert.Contains("CreatedWebhookSubscription", created.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("secret", schemas.GetProperty("CreatedWebhookSubscription").GetProperty("required").GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", schemas.GetProperty("WebhookSubscription").GetRawText(), StringComparison.Ordinal);
    }
}
