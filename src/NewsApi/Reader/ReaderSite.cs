using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace NewsApi.Reader;

/// <summary>
/// The reference reader's static files at <c>/reader/</c>, from the same origin as the API so the reader needs no CORS.
/// The reader routes by the URL's fragment (<c>/reader/#/article/…</c>), so the server has one page to serve and no
/// client-side route to fall back from.
/// </summary>
public static class ReaderSite
{
    public const string BasePath = "/reader";

    // The API's own policy forbids everything (its answers are data, never pages); the reader is a page that runs its own
    // script and styles, reads the API on this origin and shows article images from wherever editors put them.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' https: http: data:; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Where the reader's files are: an absolute path as is; a relative one under the content root or, when not there,
    /// under the nearest parent folder of it that has it. So the default <c>samples/reader/dist</c> is found both by
    /// the executable started from the repository's root and by <c>dotnet run --project src/NewsApi</c>, whose content
    /// root is src/NewsApi. When no folder has it, the path under the content root (which then answers 404).
    /// </summary>
    public static string Folder(string contentRoot, string path)
    {
        var underRoot = System.IO.Path.GetFullPath(System.IO.Path.Combine(contentRoot, path));
        if (System.IO.Path.IsPathRooted(path))
        {
            return underRoot;
        }

        for (var folder = new DirectoryInfo(contentRoot); folder is not null; folder = folder.Parent)
        {
            var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder.FullName, path));
            if (File.Exists(System.IO.Path.Combine(candidate, "index.html")))
            {
                return candidate;
            }
        }

        return underRoot;
    }

    public static WebApplication MapReader(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<NewsApiOptions>>().Value.Reader;
        if (!settings.Enabled)
        {
            return app;
        }

        var folder = Folder(app.Environment.ContentRootPath, settings.Path);
        if (!File.Exists(System.IO.Path.Combine(folder, "index.html")))
        {
            // A switched-on reader without its files is a deployment mistake worth a line in the log, not a failed start:
            // the API itself is whole without it.
            app.Logger.LogWarning("NewsApi:Reader:Enabled is true but {Folder} has no index.html (build samples/reader, or set NewsApi:Reader:Path); /reader answers 404", folder);
            return app;
        }

        var files = new PhysicalFileProvider(folder);
        app.Map(BasePath, reader =>
        {
            reader.Use(static (context, next) =>
            {
                context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                if (!context.Request.Path.HasValue)
                {
                    // "/reader" without its slash: the page's relative asset paths need the slash.
                    context.Response.Redirect($"{context.Request.PathBase}/{context.Request.QueryString}", permanent: true);
                    return Task.CompletedTask;
                }

                return next(context);
            });
            reader.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            reader.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                OnPrepareResponse = static file =>
                {
                    // Files under assets/ carry a hash of their content in their name, so they never change; the page that
                    // names them is revalidated on every visit so a new build is picked up at once.
                    file.Context.Response.Headers.CacheControl = file.Context.Request.Path.StartsWithSegments("/assets")
                        ? "public, max-age=31536000, immutable"
                        : "no-cache";
                },
            });
            reader.Run(static context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        });
        return app;
    }
}
