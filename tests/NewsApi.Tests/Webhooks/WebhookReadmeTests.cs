using System.Diagnostics;
using System.Text.RegularExpressions;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Webhooks;

/// <summary>Skips a test when no <c>node</c> is on the PATH (the TypeScript snippet needs it).</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (WebhookReadmeTests.Node() is null)
        {
            Skip = "node is not on the PATH: the README's TypeScript snippet cannot be run.";
        }
    }
}

/// <summary>The README's verification snippets are the code the tests run against real deliveries.</summary>
public sealed partial class WebhookReadmeTests
{
    private static string Readme => File.ReadAllText(Path.Combine(Repository.Root, "README.md"));

    private static string Block(string language)
    {
        var section = Readme[Readme.IndexOf("## Webhooks", StringComparison.Ordinal)..];
        var start = section.IndexOf("```" + language + "\n", StringComparison.Ordinal) + language.Length + 4;
        return section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
    }

    [Fact]
    public void The_README_shows_the_CSharp_check_the_delivery_tests_run()
    {
        var source = File.ReadAllText(Path.Combine(Repository.Root, "tests", "NewsApi.Tests", "Webhooks", "ReadmeSignatureCheck.cs"));
        var tested = source.Split("// README-snippet-start\n")[1].Split("// README-snippet-end")[0];
        static string Normalise(string code) => string.Join('\n', code.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));
        Assert.EndsWith(Normalise(tested), Normalise(Block("csharp")), StringComparison.Ordinal);
    }

    [NodeFact]
    public async Task The_READMEs_TypeScript_check_accepts_a_real_delivery_and_refuses_a_tampered_one()
    {
        await using var kit = await WebhookTestKit.StartAsync();
        var (_, secret) = await kit.SubscribeAsync(["article.published"]);
        await kit.Newsroom.PublishAsync("خبر يتحقق منه تايبسكريبت", SeedArticle.CategorySlug);
        var got = (await kit.Receiver.WaitForAsync(1)).Single();

        // Node 20 runs no TypeScript: the snippet's only TypeScript is its parameter and return types, taken out here.
        var script = TypeAnnotation().Replace(Block("typescript"), "");
        Assert.DoesNotContain(": string", script, StringComparison.Ordinal);
        var directory = Directory.CreateTempSubdirectory("newsapi-ts-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "check.mjs"), script + """

                import { readFileSync } from "node:fs";
                const [secret, id, timestamp, signature, bodyFile] = process.argv.slice(2);
                console.log(isFromNewsApi(secret, id, timestamp, signature, readFileSync(bodyFile, "utf8")) ? "valid" : "invalid");
                """);
            var body = Path.Combine(directory.FullName, "body.json");
            await File.WriteAllTextAsync(body, got.Body, new System.Text.UTF8Encoding(false));
            var tampered = Path.Combine(directory.FullName, "tampered.json");
            await File.WriteAllTextAsync(tampered, got.Body.Replace("\"id\":", "\"id\": ", StringComparison.Ordinal), new System.Text.UTF8Encoding(false));

            Assert.Equal("valid", await RunAsync(directory.FullName, secret, got.Id, got.Timestamp, got.Signature, body));
            Assert.Equal("invalid", await RunAsync(directory.FullName, secret, got.Id, got.Timestamp, got.Signature, tampered));
            Assert.Equal("invalid", await RunAsync(directory.FullName, NewsApi.Webhooks.WebhookSignature.NewSecret(), got.Id, got.Timestamp, got.Signature, body));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    internal static string? Node() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, "node")).FirstOrDefault(File.Exists);

    private static async Task<string> RunAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Node()!) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        start.ArgumentList.Add(Path.Combine(directory, "check.mjs"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(process.ExitCode == 0, await error);
        return (await output).Trim();
    }

    [GeneratedRegex(@": (string|boolean)(?=[,)] ?)|(?<=\)): boolean(?= \{)")]
    private static partial Regex TypeAnnotation();
}
