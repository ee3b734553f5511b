using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Admin;

namespace NewsApi.Tests.Infrastructure;

public static class AdminClients
{
    /// <summary>A client that sends a freshly created API key with the given scopes.</summary>
    public static HttpClient CreateClientWithKey(this NewsApiFactory factory, params string[] scopes)
    {
        var key = factory.Services.GetRequiredService<ApiKeyStore>().Create("test", scopes);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret);
        return client;
    }

    public static HttpClient CreateEditorClient(this NewsApiFactory factory) => factory.CreateClientWithKey(ApiKeyStore.ContentWrite);
}
