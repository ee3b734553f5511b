using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using NewsApi.Cli;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Documentation;

/// <summary>
/// compose.yaml and the Dockerfile cannot be run here (no container engine), so these tests keep them in step with the
/// application by reading them: every setting they pass exists, the health check asks a route that answers, the port is
/// the same everywhere, forwarded headers are believed from the proxy's network only, and every service waits for the
/// health of what it needs. Plain line reading: the files are kept simple enough for it.
/// </summary>
public sealed partial class TopologyTests
{
    private static readonly string[] Compose = File.ReadAllLines(Path.Combine(Repository.Root, "compose.yaml"));
    private static readonly string Dockerfile = File.ReadAllText(Path.Combine(Repository.Root, "Dockerfile"));

    [Fact]
    public void Compose_runs_postgres_15_redis_7_two_instances_from_the_dockerfile_and_caddy()
    {
        Assert.Equal(new[] { "postgres", "redis", "newsapi-a", "newsapi-b", "proxy" }, Keys(Section("services")));
        Assert.Contains("image: postgres:15", Trimmed(Service("postgres")));
        Assert.Contains("image: redis:7", Trimmed(Service("redis")));
        Assert.Contains("image: caddy:2", Trimmed(Service("proxy")));
        Assert.All(new[] { "newsapi-a", "newsapi-b" }, name => Assert.Contains("build: .", Trimmed(Service(name))));
        Assert.Contains("NewsApi__Database__Provider: Postgres", Trimmed(Service("newsapi-a")));
    }

    [Fact]
    public void Every_newsapi_setting_compose_passes_is_an_option_of_the_application()
    {
        var settings = Environment("newsapi-a").Keys.Where(key => key.StartsWith("NewsApi__", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(settings);
        Assert.All(settings, key => Assert.True(Binds(typeof(NewsApiOptions), key.Split("__")[1..]), $"compose.yaml sets {key}, which no NewsApiOptions property reads"));
    }

    [Fact]
    public void Every_connection_string_compose_passes_is_documented()
    {
        var operations = File.ReadAllText(Path.Combine(Repository.Root, "docs", "operations.md"));
        var names = Environment("newsapi-a").Keys.Where(key => key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList();

        Assert.Contains("ConnectionStrings__News", names);
        Assert.Contains("ConnectionStrings__Redis", names);
        Assert.All(names, key => Assert.Contains($"`{key.Replace("__", ":", StringComparison.Ordinal)}`", operations, StringComparison.Ordinal));
    }

    [Fact]
    public void The_port_is_the_same_in_the_dockerfile_compose_the_health_checks_and_the_proxy()
    {
        var port = Dockerfile_("ASPNETCORE_HTTP_PORTS=(\\d+)");

        Assert.Equal(port, Dockerfile_(@"(?m)^EXPOSE (\d+)$"));
        Assert.All(new[] { "newsapi-a", "newsapi-b" }, name => Assert.Equal(port, Environment(name)["ASPNETCORE_HTTP_PORTS"]));
        Assert.Contains($"\"http://127.0.0.1:{port}{HealthProbe.ReadyPath}\"", HealthCheck("newsapi-a"), StringComparison.Ordinal);
        Assert.Contains($"reverse_proxy newsapi-a:{port} newsapi-b:{port} {{", Caddyfile());
        Assert.Contains($"health_uri {HealthProbe.ReadyPath}", Caddyfile());
    }

    [Fact]
    public async Task The_health_path_compose_and_the_proxy_ask_is_the_applications_readiness_probe()
    {
        var asked = Regex.Match(HealthCheck("newsapi-a"), "http://127\\.0\\.0\\.1:\\d+(?<path>/[^\"]+)\"").Groups["path"].Value;
        using var factory = new NewsApiFactory();

        var response = await factory.CreateClient().GetAsync(asked);

        Assert.Equal(HealthProbe.ReadyPath, asked);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"ready\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_service_has_a_health_check_and_waits_for_the_health_of_what_it_needs()
    {
        Assert.All(Keys(Section("services")), name => Assert.Contains("healthcheck:", Trimmed(Service(name))));
        Assert.Contains("pg_isready", HealthCheck("postgres"), StringComparison.Ordinal);
        Assert.Contains("\"redis-cli\", \"ping\"", HealthCheck("redis"), StringComparison.Ordinal);

        Assert.Equal(new[] { "postgres", "redis" }, Keys(Block(Service("newsapi-a"), "depends_on")));
        Assert.Equal(new[] { "newsapi-a", "newsapi-b" }, Keys(Block(Service("proxy"), "depends_on")));
        var conditions = Compose.Where(line => line.TrimStart().StartsWith("condition:", StringComparison.Ordinal)).Select(line => line.Trim()).ToList();
        Assert.Equal(4, conditions.Count);
        Assert.All(conditions, condition => Assert.Equal("condition: service_healthy", condition));
    }

    [Fact]
    public void Forwarded_headers_are_believed_from_the_proxys_network_only()
    {
        var edge = Regex.Match(string.Join('\n', Block(Section("networks"), "edge")), @"subnet: (\S+)").Groups[1].Value;
        var trusted = Environment("newsapi-a").Where(setting => setting.Key.StartsWith("NewsApi__Http__TrustedProxies__", StringComparison.Ordinal)).ToList();

        Assert.Equal(edge, Assert.Single(trusted).Value);
        Assert.True(System.Net.IPNetwork.TryParse(edge, out _), edge);
        Assert.Equal(new[] { "edge" }, Items(Block(Service("proxy"), "networks")));
        Assert.Equal(new[] { "backend" }, Items(Block(Service("postgres"), "networks")));
        Assert.Equal(new[] { "backend" }, Items(Block(Service("redis"), "networks")));
        // Only the proxy is published; the instances, the database and Redis are reached through it or not at all.
        Assert.Single(Compose, line => line.Trim() == "ports:");
        Assert.Contains("ports:", Trimmed(Service("proxy")));
    }

    [Fact]
    public void Postgres_keeps_its_data_in_a_named_volume()
    {
        Assert.Contains("- postgres-data:/var/lib/postgresql/data", Trimmed(Service("postgres")));
        Assert.Equal(new[] { "postgres-data" }, Keys(Section("volumes")));
    }

    [Fact]
    public void The_dockerfile_runs_as_the_non_root_user_with_the_data_volume_and_the_health_command()
    {
        Assert.Matches(@"(?m)^USER \$APP_UID$", Dockerfile);
        Assert.Matches(@"(?m)^VOLUME /data$", Dockerfile);
        Assert.Contains("ConnectionStrings__News=\"Data Source=/data/news.db\"", Dockerfile, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^HEALTHCHECK .*CMD \[""dotnet"", ""NewsApi.dll"", ""health""\]$", Dockerfile);
        Assert.Matches(@"(?m)^ENTRYPOINT \[""dotnet"", ""NewsApi.dll""\]$", Dockerfile);
    }

    [Fact]
    public void The_dockerfile_serves_the_reader_from_where_its_build_stage_puts_it()
    {
        Assert.Matches(@"(?m)^FROM node:\d+-\S+ AS reader$", Dockerfile);
        Assert.Contains("npm run build", Dockerfile, StringComparison.Ordinal);
        var copiedTo = Dockerfile_(@"(?m)^COPY --from=reader /src/samples/reader/dist (\S+)$");
        var workdir = Dockerfile_(@"(?ms)^FROM mcr\.microsoft\.com/dotnet/aspnet:\S+ AS final\s*\nWORKDIR (\S+)$");
        var served = Dockerfile_(@"NewsApi__Reader__Path=(\S+)");
        Assert.Equal(Path.GetFullPath(Path.Combine(workdir, copiedTo)), served);
        Assert.True(Binds(typeof(NewsApiOptions), ["Reader", "Path"]));
        // Off unless the operator turns it on: no instruction of the image (comments aside) enables it.
        Assert.DoesNotMatch(@"(?m)^[^#\n]*NewsApi__Reader__Enabled", Dockerfile);
    }

    private static string Dockerfile_(string pattern) => Regex.Match(Dockerfile, pattern).Groups[1].Value is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"Dockerfile has no match for {pattern}");

    /// <summary>Whether a configuration path (its sections, <c>__</c>-separated, numbers indexing arrays) names a property.</summary>
    private static bool Binds(Type type, string[] path)
    {
        if (path.Length == 0)
        {
            return true;
        }

        if (type.IsArray)
        {
            return int.TryParse(path[0], out _) && Binds(type.GetElementType()!, path[1..]);
        }

        var property = type.GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property is { CanWrite: true } && Binds(property.PropertyType, path[1..]);
    }

    // --- reading the YAML: blocks by indentation, with the one anchor (x-newsapi) the two instances share ---

    private static List<string> Section(string key) => Block(Compose, key);

    /// <summary>The lines of a service; an alias (<c>newsapi-a: *newsapi</c>) reads the anchored block.</summary>
    private static List<string> Service(string name)
    {
        var services = Section("services");
        var line = services.Single(l => Regex.IsMatch(l, $"^  {Regex.Escape(name)}:"));
        if (Regex.Match(line, @":\s*\*(?<anchor>\S+)$") is { Success: true } alias)
        {
            var anchored = Array.FindIndex(Compose, l => l.EndsWith($"&{alias.Groups["anchor"].Value}", StringComparison.Ordinal));
            return Children(Compose, anchored);
        }

        return Block(services, name);
    }

    private static List<string> Trimmed(IEnumerable<string> lines) => lines.Select(line => line.Trim()).ToList();

    private static Dictionary<string, string> Environment(string service) =>
        Block(Service(service), "environment")
            .Where(line => !line.TrimStart().StartsWith('#') && line.Contains(':', StringComparison.Ordinal))
            .Select(line => line.Trim().Split(':', 2))
            .ToDictionary(pair => pair[0], pair => pair[1].Trim().Trim('"'));

    private static string HealthCheck(string service) => string.Join('\n', Block(Service(service), "healthcheck"));

    private static List<string> Caddyfile() => Trimmed(Block(Block(Section("configs"), "caddyfile"), "content"));

    /// <summary>The lines under <paramref name="key"/> (more indented than it), at any depth of <paramref name="lines"/>' top level.</summary>
    private static List<string> Block(IReadOnlyList<string> lines, string key)
    {
        var indent = lines.Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')).Select(Indent).DefaultIfEmpty(0).Min();
        var at = lines.ToList().FindIndex(l => Indent(l) == indent && Regex.IsMatch(l, $"^\\s*{Regex.Escape(key)}:"));
        Assert.True(at >= 0, $"no '{key}:' in compose.yaml at indentation {indent}");
        return Children(lines, at);
    }

    private static List<string> Children(IReadOnlyList<string> lines, int parent)
    {
        var children = new List<string>();
        for (var i = parent + 1; i < lines.Count; i++)
        {
            if (lines[i].Trim().Length > 0 && Indent(lines[i]) <= Indent(lines[parent]))
            {
                break;
            }

            children.Add(lines[i]);
        }

        return children;
    }

    /// <summary>The keys at the top level of a block.</summary>
    private static List<string> Keys(IReadOnlyList<string> block)
    {
        var content = block.Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')).ToList();
        var indent = content.Select(Indent).DefaultIfEmpty(0).Min();
        return content.Where(l => Indent(l) == indent && KeyLine().IsMatch(l)).Select(l => KeyLine().Match(l).Groups["key"].Value).ToList();
    }

    /// <summary>The items of a block that is a sequence (<c>- name</c>).</summary>
    private static List<string> Items(IReadOnlyList<string> block) =>
        block.Select(l => l.Trim()).Where(l => l.StartsWith("- ", StringComparison.Ordinal)).Select(l => l[2..].Trim()).ToList();

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    [GeneratedRegex(@"^\s*(?<key>[A-Za-z0-9_.-]+):")]
    private static partial Regex KeyLine();
}
