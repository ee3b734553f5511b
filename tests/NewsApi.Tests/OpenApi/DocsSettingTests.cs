using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.OpenApi;

/// <summary><c>NewsApi:Docs:Enabled</c> is read through <see cref="NewsApiOptions"/>, the one declaration of the setting.</summary>
public sealed class DocsSettingTests
{
    private static async Task<(HttpStatusCode Document, HttpStatusCode Ui)> ServedAsync(HttpClient client) =>
        ((await client.GetAsync("/openapi/v1.json")).StatusCode, (await client.GetAsync("/docs/index.html")).StatusCode);

    [Theory]
    [InlineData("true", HttpStatusCode.OK)]
    [InlineData("false", HttpStatusCode.NotFound)]
    public async Task The_document_and_the_UI_follow_the_configured_setting(string setting, HttpStatusCode expected)
    {
        using var factory = new NewsApiFactory().With("NewsApi:Docs:Enabled", setting);

        var (document, ui) = await ServedAsync(factory.CreateClient());

        Assert.Equal(expected, document);
        Assert.Equal(expected, ui);
    }

    [Theory]
    [InlineData(true, "false", HttpStatusCode.OK)]
    [InlineData(false, "true", HttpStatusCode.NotFound)]
    public async Task The_document_and_the_UI_follow_the_options_class_whatever_set_it(bool enabled, string configured, HttpStatusCode expected)
    {
        using var factory = new NewsApiFactory().With("NewsApi:Docs:Enabled", configured);
        using var configuredInCode = factory.WithWebHostBuilder(host =>
            host.ConfigureServices(services => services.PostConfigure<NewsApiOptions>(options => options.Docs.Enabled = enabled)));

        var (document, ui) = await ServedAsync(configuredInCode.CreateClient());

        Assert.Equal(expected, document);
        Assert.Equal(expected, ui);
    }
}
