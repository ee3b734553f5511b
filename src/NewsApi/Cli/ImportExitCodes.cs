namespace NewsApi.Cli;

/// <summary>The exit codes of <c>import</c>, as the README documents them, so scripts can tell the cases apart.</summary>
public static class ImportExitCodes
{
    /// <summary>Every post imported, or skipped as imported before (or not a post: pages, attachments, trash).</summary>
    public const int Done = 0;

    /// <summary>Some posts failed (each named on standard output); the others are imported.</summary>
    public const int SomeFailed = 1;

    /// <summary>The file is missing, not XML, malformed or truncated; posts before the fault stay imported.</summary>
    public const int Unreadable = 2;

    /// <summary>The file is readable but holds no post to import (not a WordPress export, or one without posts).</summary>
    public const int NothingImportable = 3;
}
