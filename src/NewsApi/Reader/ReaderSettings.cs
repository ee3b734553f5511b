namespace NewsApi.Reader;

/// <summary>The <c>NewsApi:Reader</c> configuration section: the reference reader (samples/reader) served at <c>/reader</c>.</summary>
public sealed class ReaderSettings
{
    /// <summary>Serve the reader's built files at <c>/reader/</c> (off by default: the route does not exist).</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The folder of the built reader (its <c>index.html</c> and <c>assets/</c>): absolute, or relative to the content root
    /// (the working directory) or the nearest parent folder of it that has it (<see cref="ReaderSite.Folder"/>). The
    /// default is where <c>npm run build</c> in samples/reader writes, from the repository's root.
    /// </summary>
    public string Path { get; set; } = "samples/reader/dist";
}
