using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;
using NewsApi.Data;

namespace NewsApi.Preview;

public static class PreviewSetup
{
    /// <summary>The application name Data Protection isolates keys by: the same on every instance, so they share the ring.</summary>
    public const string ApplicationName = "NewsApi";

    /// <summary>Draft previews: Data Protection with its key ring in the database, and the tokens sealed with it.</summary>
    public static IServiceCollection AddPreviews(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<Database>((keys, database) =>
        {
            keys.XmlRepository = new DataProtectionKeyStore(database);
            // Said rather than left to a start-up warning: the ring sits in the database beside the deployment secret,
            // and whoever reads the database reads the drafts a token would show, so encrypting it there protects nothing.
            keys.XmlEncryptor = new NullXmlEncryptor();
        });
        services.AddSingleton<PreviewTokens>();
        services.AddOptions<NewsApiOptions>()
            .Validate(o => o.Preview.TokenLifetimeMinutes is >= 1 and <= NewsApiOptions.PreviewSettings.MaxTokenLifetimeMinutes,
                $"NewsApi:Preview:TokenLifetimeMinutes must be a whole number of minutes from 1 to {NewsApiOptions.PreviewSettings.MaxTokenLifetimeMinutes}.")
            .ValidateOnStart();
        return services;
    }
}
