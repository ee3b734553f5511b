namespace NewsApi;

/// <summary>The "NewsApi" configuration section (appsettings.json, or NewsApi__… environment variables).</summary>
public sealed class NewsApiOptions
{
    public const string Section = "NewsApi";

    public DatabaseSettings Database { get; set; } = new();

    public HttpSettings Http { get; set; } = new();

    public CorsSettings Cors { get; set; } = new();

    public DocsSettings Docs { get; set; } = new();

    public CommentSettings Comments { get; set; } = new();

    public sealed class DatabaseSettings
    {
        /// <summary>FULL (default: an acknowledged write survives power loss) or NORMAL.</summary>
        public string Synchronous { get; set; } = "FULL";

        /// <summary>Load the demo content into an empty database at start-up.</summary>
        public bool SeedDemoContent { get; set; } = true;
    }

    public sealed class HttpSettings
    {
        public int MaxAgeSeconds { get; set; } = 60;

        public int StaleWhileRevalidateSeconds { get; set; } = 300;

        /// <summary>
        /// Reverse proxies (addresses or CIDR networks) whose X-Forwarded-For is believed, besides loopback.
        /// </summary>
        public string[] TrustedProxies { get; set; } = [];
    }

    public sealed class CorsSettings
    {
        /// <summary>Origins allowed to read the public API from a browser; empty or "*" means any. (Empty by default
        /// here because the configuration binder appends to a default array instead of replacing it.)</summary>
        public string[] AllowedOrigins { get; set; } = [];
    }

    public sealed class DocsSettings
    {
        public bool Enabled { get; set; } = true;
    }

    public sealed class CommentSettings
    {
        public string Moderation { get; set; } = "manual";

        public int MaxBodyLength { get; set; } = 5000;

        public int FloodIntervalSeconds { get; set; } = 15;

        public RateLimitSettings RateLimit { get; set; } = new();

        /// <summary>A comment with more links than this is stored as spam.</summary>
        public int MaxLinks { get; set; } = 2;

        /// <summary>Words or phrases (Arabic or Latin) that mark a comment as spam, matched after Arabic normalisation.</summary>
        public string[] Blocklist { get; set; } = [];

        /// <summary>Comments close this many days after publication; 0 keeps them open (the article flag still applies).</summary>
        public int CloseAfterDays { get; set; }
    }

    public sealed class RateLimitSettings
    {
        public int PermitLimit { get; set; } = 30;

        public int WindowSeconds { get; set; } = 600;
    }
}
