using System.Text.RegularExpressions;
using NewsApi.Tests.Infrastructure;

namespace NewsApi.Tests.Documentation;

/// <summary>
/// The repository documents itself: the README and docs/ point only at files inside it, and no file sends readers to
/// the builders' brief outside the repository (<c>../shared</c>).
/// </summary>
public sealed partial class DocumentationTests
{
    private static readonly string[] TextExtensions = [".md", ".cs", ".json", ".yaml", ".yml", ".sh", ".sql", ".props", ".csproj"];

    public static TheoryData<string> Pages() =>
        new([Path.Combine(Repository.Root, "README.md"), .. Directory.GetFiles(Path.Combine(Repository.Root, "docs"), "*.md")]);

    [Fact]
    public void The_docs_folder_covers_the_API_comments_and_operations()
    {
        foreach (var page in (string[])["README.md", "api.md", "comments.md", "operations.md"])
        {
            Assert.True(File.Exists(Path.Combine(Repository.Root, "docs", page)), $"docs/{page} is missing");
        }

        Assert.Contains("](docs/", File.ReadAllText(Path.Combine(Repository.Root, "README.md")), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_relative_link_of_a_page_names_a_file_in_the_repository(string page)
    {
        // Code spans and blocks show Markdown as text (e.g. the spam forms `[x](spam.com)`): they link nowhere.
        var prose = CodeSpan().Replace(File.ReadAllText(page), "");
        foreach (Match link in RelativeLink().Matches(prose))
        {
            var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, link.Groups["path"].Value));
            Assert.True(target.StartsWith(Repository.Root, StringComparison.Ordinal), $"{page} links outside the repository: {link.Value}");
            Assert.True(File.Exists(target) || Directory.Exists(target), $"{page} links to a missing file: {link.Value}");
        }
    }

    [Fact]
    public void No_file_sends_readers_outside_the_repository_to_shared()
    {
        var offenders = new[] { "README.md", "Dockerfile" }.Select(name => Path.Combine(Repository.Root, name))
            .Concat(new[] { "docs", "src", "tests", "db", ".ci" }.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Repository.Root, folder), "*", SearchOption.AllDirectories)))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && (TextExtensions.Contains(Path.GetExtension(file)) || Path.GetFileName(file) is "Dockerfile" or "run"))
            .Where(file => File.ReadAllText(file).Contains("../" + "shared", StringComparison.Ordinal) && !file.EndsWith(nameof(DocumentationTests) + ".cs", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(offenders);
    }

    // Markdown links and images whose target is a path, not a URL or an anchor: [text](docs/api.md#paging).
    [GeneratedRegex(@"\]\((?<path>(?![a-z]+:|#)[^)\s#]+)(#[^)]*)?\)")]
    private static partial Regex RelativeLink();

    [GeneratedRegex(@"```.*?```|`[^`\n]*`", RegexOptions.Singleline)]
    private static partial Regex CodeSpan();
}
