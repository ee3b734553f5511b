namespace NewsApi.Data;

/// <summary>
/// How an engine tells <see cref="ContentState"/> that a write may have been committed by any connection (this process,
/// another instance, the CLI, an operator's shell): the one part of the content version that differs per engine.
/// SQLite: <see cref="Sqlite.SqliteDataVersion"/>; PostgreSQL: <see cref="Postgres.PostgresContentChanges"/>.
/// </summary>
public interface IContentChanges : IDisposable
{
    /// <summary>
    /// A number that differs from the one returned before whenever a write may have been committed since; equal
    /// numbers promise nothing was. Runs on every public request, cache hits included, so it must be cheap. Throws
    /// when the engine cannot tell now (the request then fails as the storage being unavailable).
    /// </summary>
    long Generation();
}
