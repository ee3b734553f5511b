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

    public SearchSettings Search { get; set; } = new();

    public LimitSettings Limits { get; set; } = new();

    /// <summary>
    /// Scheme, host and optional path prefix of the public site, e.g. <c>https://news.example.com</c>, for the absolute
    /// links of feeds and sitemaps. Unset: the scheme and host of each request.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    public FeedSettings Feeds { get; set; } = new();

    public MetricsSettings Metrics { get; set; } = new();

    public PreviewSettings Preview { get; set; } = new();
    /// <summary>Webhook delivery: network rules, timeout, retry schedule, disabling (the NewsApi:Webhooks section).</summary>
    public Webhooks.WebhookSettings Webhooks { get; set; } = new();

    /// <summary>The reference reader served at /reader (the NewsApi:Reader section).</summary>
    public Reader.ReaderSettings Reader { get; set; } = new();

    public sealed class DatabaseSettings
    {
        /// <summary>
        /// The storage engine: Sqlite (default; ConnectionStrings:News is a SQLite connection string) or Postgres
        /// (ConnectionStrings:News in Npgsql syntax, and optionally ConnectionStrings:NewsReadOnly for public reads).
        /// </summary>
        public Data.DatabaseEngine Provider { get; set; } = Data.DatabaseEngine.Sqlite;

        /// <summary>FULL (default: an acknowledged write survives power loss) or NORMAL.</summary>
        public string Synchronous { get; set; } = "FULL";

        /// <summary>Load the demo content into an empty database at start-up.</summary>
        public bool SeedDemoContent { get; set; } = true;

        /// <summary>
        /// Largest size of the database file in pages (of 4 KiB), 0 for no cap but the disk's. Writes past it fail as
        /// on a full disk (503). Read whenever a connection is opened, so a changed appsettings.json applies without
        /// a restart.
        /// </summary>
        public long MaxPageCount { get; set; }
    }

    public sealed class HttpSettings
    {
        public int MaxAgeSeconds { get; set; } = 60;

        public int StaleWhileRevalidateSeconds { get; set; } = 300;

        /// <summary>
        /// Keep answers of public GETs in memory, keyed by the content version (on by default). Turn it off when a CDN
        /// in front already caches them, or to measure the uncached path (tests/load/bench.sh does both).
        /// </summary>
        public bool OutputCache { get; set; } = true;

        /// <summary>
        /// Memory the output cache may hold, in MiB. Answers are stored compressed as clients ask for them, so the hot
        /// set of a news site (front lists, the stories being read) fits many times over. When an answer would pass the
        /// bound it is served but not stored, and the cache (a MemoryCache) then compacts in the background down to 95%
        /// of the bound: expired entries first, then the least recently used. Entries expire 5 minutes after they are
        /// stored, and those of an older content version are never read again, so they go first in practice.
        /// </summary>
        public int OutputCacheSizeMiB { get; set; } = 64;

        /// <summary>
        /// Reverse proxies (addresses or CIDR networks) whose X-Forwarded-For is believed, besides loopback.
        /// </summary>
        public string[] TrustedProxies { get; set; } = [];

        /// <summary>
        /// Request body limit of the admin API, in bytes (an article's <c>bodyHtml</c> may be 500,000 characters). Public
        /// routes take at most <see cref="Comments.CommentSubmission.MaxRequestBodyBytes"/>.
        /// </summary>
        public long AdminMaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;
    }

    public sealed class CorsSettings
    {
        /// <summary>Origins allowed to read the public API from a browser; empty or "*" means any. (Empty by default
        /// here because the configuration binder appends to a default array instead of replacing it.)</summary>
        public string[] AllowedOrigins { get; set; } = [];
    }

    public sealed class DocsSettings
    {
        /// <summary>Serve the OpenAPI document (/openapi/v1.json) and Swagger UI (/docs).</summary>
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

    /// <summary>
    /// Limits on full-text searches (GET /api/v1/search and /api/v1/articles with <c>q</c>), counted only for the
    /// searches that reach the engine: an answer from the output cache, a 304 or a refused request costs nothing.
    /// </summary>
    public sealed class SearchSettings
    {
        /// <summary>Searches per client address: 60 per 60 seconds by default; a <c>PermitLimit</c> of 0 turns it off.</summary>
        public RateLimitSettings RateLimit { get; set; } = new() { PermitLimit = 60, WindowSeconds = 60 };

        /// <summary>
        /// Searches running at once, over all clients (default: the number of processor cores; 0 for no cap, and no
        /// queue). Each admitted search runs on a search thread of lower priority (<see cref="Search.SearchThreads"/>),
        /// so reads go first when both want a core. One more waits for a slot (<see cref="MaxQueuedSearches"/>).
        /// </summary>
        public int MaxConcurrentSearches { get; set; } = Environment.ProcessorCount;

        /// <summary>
        /// Searches waiting for a slot when all <see cref="MaxConcurrentSearches"/> are taken, over all clients, oldest
        /// first (default: eight per processor core; 0 for none). One more is answered 503 with <c>Retry-After</c>. The
        /// wait takes no thread, so the threads that serve cached reads are never all busy searching.
        /// </summary>
        public int MaxQueuedSearches { get; set; } = 8 * Environment.ProcessorCount;
    }

    public sealed class FeedSettings
    {
        /// <summary>
        /// Where a reader opens an article: <c>{base}</c> is the public base URL, <c>{slug}</c> the percent-encoded slug,
        /// <c>{id}</c> the id. The default points at the API's own article route; a site sets its front end's page.
        /// </summary>
        public string ArticleUrlTemplate { get; set; } = "{base}/api/v1/articles/{slug}";

        /// <summary>The site's home page for the feeds' channel link; <c>{base}</c> as above.</summary>
        public string HomeUrl { get; set; } = "{base}/";

        /// <summary>Feed title, and the publication name of the news sitemap.</summary>
        public string Title { get; set; } = "NewsApi";

        public string Description { get; set; } = "آخر الأخبار";

        /// <summary>Language of the feeds (RSS channel, JSON Feed).</summary>
        public string Language { get; set; } = "ar";

        /// <summary>Articles per feed, newest first.</summary>
        public int ItemCount { get; set; } = 50;

        /// <summary>URLs per sitemap file; above it /sitemap.xml becomes a sitemap index (sitemaps.org allows 50,000).</summary>
        public int SitemapUrlsPerFile { get; set; } = 50_000;
    }

    /// <summary>
    /// The per-client limits (comment rate limit, flood control, search rate limit). They count in each instance's memory
    /// unless <c>ConnectionStrings:Redis</c> names a Redis (a StackExchange.Redis configuration string such as
    /// <c>redis:6379</c>), where every instance counts them together.
    /// </summary>
    public sealed class LimitSettings
    {
        /// <summary>Prefix of every Redis key the limits write, e.g. for an ACL (<c>~newsapi:*</c>) or to tell deployments apart.</summary>
        public string RedisKeyPrefix { get; set; } = "newsapi:";
    }

    /// <summary>
    /// The Prometheus scraping endpoint. Traces and metrics go out by OTLP when the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable is set, whatever is set here.
    /// </summary>
    public sealed class MetricsSettings
    {
        /// <summary>Serve <c>GET /metrics</c> in Prometheus' text format (off by default: the route does not exist).</summary>
        public bool Prometheus { get; set; }

        /// <summary>
        /// Networks (CIDR) or addresses besides loopback that may read <c>/metrics</c>; every other client gets 404 as if
        /// it did not exist. The address is the client's after <c>X-Forwarded-For</c> from a trusted proxy, so a scrape
        /// relayed by the public proxy is refused too.
        /// </summary>
        public string[] AllowedNetworks { get; set; } = [];
    }

    /// <summary>Draft previews (POST /api/v1/admin/articles/{id}/preview, GET /api/v1/preview/{token}).</summary>
    public sealed class PreviewSettings
    {
        /// <summary>The longest lifetime start-up accepts: a month. A preview link is passed around; it should not outlive the draft's review.</summary>
        public const int MaxTokenLifetimeMinutes = 43_200;

        /// <summary>How long a preview token opens its article, in minutes (1 to 43,200).</summary>
        public int TokenLifetimeMinutes { get; set; } = 60;
    }

    public sealed class RateLimitSettings
    {
        public int PermitLimit { get; set; } = 30;

        public int WindowSeconds { get; set; } = 600;
    }
}
