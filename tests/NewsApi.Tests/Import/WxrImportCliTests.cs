using System.Text.RegularExpressions;
using NewsApi.Cli;
using NewsApi.Tests.Cli;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Import;

/// <summary>
/// Issue #17: the <c>import</c> command as operators run it (the real executable), its exit codes and its one line for
/// a file it cannot read, then what it imported as the public API serves it.
/// </summary>
public sealed class WxrImportCliTests : IDisposable
{
    private readonly CliProcess _cli = new();
    private NewsApiFactory? _api;

    public void Dispose()
    {
        _api?.Dispose();
        _cli.Dispose();
    }

    private Task<(int ExitCode, string Output, string Error)> ImportAsync(string fixture) => _cli.RunAsync("import", WxrFidelityTests.Fixture(fixture));

    /// <summary>The server, on the database the CLI imported into.</summary>
    private HttpClient Public()
    {
        _api ??= new NewsApiFactory().With("ConnectionStrings:News", _cli.ConnectionString);
        return _api.CreateClient();
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public async Task A_truncated_export_exits_2_with_one_line_and_keeps_the_posts_before_the_cut()
    {
        var (exitCode, output, error) = await ImportAsync("truncated.xml");

        Assert.Equal(ImportExitCodes.Unreadable, exitCode);
        var line = Assert.Single(Lines(error));
        Assert.Matches(FileLineColumn("truncated.xml"), line);
        Assert.Contains("Unexpected end of file", line, StringComparison.Ordinal);
        Assert.EndsWith("(posts imported before it: 2)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
        Assert.Contains("Imported 2 articles and 0 comments; skipped 0; failed 0.", output, StringComparison.Ordinal);
        var list = await (await Public().GetAsync("/api/v1/articles?pageSize=100")).JsonAsync();
        Assert.Equal(["الخبر الثانى قبل القطع", "الخبر الأول قبل القطع"], list.GetProperty("items").Strings("title"));
    }

    [Fact]
    public async Task A_malformed_file_a_file_that_is_not_XML_and_a_missing_file_exit_2_with_one_line_each()
    {
        var malformed = await ImportAsync("malformed.xml");
        var notXml = await ImportAsync("not-xml.txt");
        var missing = await _cli.RunAsync("import", WxrFidelityTests.Fixture("no-such-export.xml"));

        Assert.Equal(ImportExitCodes.Unreadable, malformed.ExitCode);
        var line = Assert.Single(Lines(malformed.Error));
        Assert.Contains("malformed.xml:42:", line, StringComparison.Ordinal);
        Assert.Contains("titel", line, StringComparison.Ordinal);
        Assert.EndsWith("(posts imported before it: 1)", line, StringComparison.Ordinal);
        Assert.Equal(ImportExitCodes.Unreadable, notXml.ExitCode);
        Assert.Matches(FileLineColumn("not-xml.txt"), Assert.Single(Lines(notXml.Error)));
        Assert.Equal(ImportExitCodes.Unreadable, missing.ExitCode);
        Assert.Contains("no-such-export.xml: no such file.", Assert.Single(Lines(missing.Error)), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", malformed.Error + notXml.Error + missing.Error, StringComparison.Ordinal);
        var sound = await (await Public().GetAsync("/api/v1/articles/sound-before-error")).JsonAsync();
        Assert.Equal("خبر سليم قبل الخطأ", sound.GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_export_with_no_post_exits_3()
    {
        var (exitCode, output, error) = await ImportAsync("pages-only.xml");

        Assert.Equal(ImportExitCodes.NothingImportable, exitCode);
        Assert.Contains("Imported 0 articles and 0 comments; skipped 2; failed 0.", output, StringComparison.Ordinal);
        Assert.Contains("no post to import", Assert.Single(Lines(error)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_WordPress_com_export_exits_0_with_a_summary_and_a_second_run_skips_everything_with_exit_0()
    {
        var first = await ImportAsync("wordpress-com-1.2.xml");
        var second = await ImportAsync("wordpress-com-1.2.xml");
        var edge = await ImportAsync("edge-posts-1.2.xml");

        Assert.Equal(ImportExitCodes.Done, first.ExitCode);
        Assert.Contains("Imported 2 articles and 1 comments; skipped 1; failed 0.", first.Output, StringComparison.Ordinal);
        Assert.Contains("Skipped: 1 not a post. Pingbacks and trackbacks skipped: 2. Password-protected posts imported as drafts: 0.", first.Output, StringComparison.Ordinal);
        Assert.Equal(ImportExitCodes.Done, second.ExitCode);
        Assert.Contains("Imported 0 articles and 0 comments; skipped 3; failed 0.", second.Output, StringComparison.Ordinal);
        Assert.Contains("2 already imported", second.Output, StringComparison.Ordinal);
        Assert.Equal(ImportExitCodes.Done, edge.ExitCode);
        Assert.Contains("Password-protected posts imported as drafts: 1.", edge.Output, StringComparison.Ordinal);
        Assert.Contains("imported: خبر محمى بكلمة سر عن بيلوسوف: password-protected: imported as a draft", edge.Output, StringComparison.Ordinal);
        var featured = await (await Public().GetAsync("/api/v1/articles?featured=true")).JsonAsync();
        Assert.Equal(["بيلوسوف-فى-بيونج-يانج"], featured.GetProperty("items").Strings("slug"));
    }

    /// <summary>The file's full path, its line and column, at the start of the line.</summary>
    private static string FileLineColumn(string file) => $@"^/.*{Regex.Escape(file)}:\d+:\d+: ";
}
