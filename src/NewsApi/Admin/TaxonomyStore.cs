using Dapper;
using System.Data.Common;
using NewsApi.Data;
using NewsApi.Http;
using NewsApi.Text;

namespace NewsApi.Admin;

/// <summary>Why a taxonomy write was refused, in the store's terms; the endpoint answers each with its problem.</summary>
public enum TaxonomyRefusal
{
    None,
    NotFound,
    Stale,
    SlugTaken,
    InUse,
    UnknownParent,
    ParentCycle,
}

/// <summary>
/// Outcome of a taxonomy write: the item (with its row version, behind its ETag), or the refusal with what it is about
/// (the unknown id or parent id, the slug already taken).
/// </summary>
public sealed record TaxonomyResult<T>(T? Item, TaxonomyRefusal Refusal = TaxonomyRefusal.None, int? RefusedId = null, string? RefusedSlug = null, long Version = 0)
    where T : class;

/// <summary>Writes of categories, tags and authors. Deleting one still in use is refused, never cascaded.</summary>
public sealed class TaxonomyStore(Database database, TimeProvider clock)
{
    // Table names below come from these literals only.
    private const string Categories = "categories";
    private const string Tags = "tags";
    private const string Authors = "authors";

    // Dapper fills value tuples by position (with SQLite's 64-bit integers narrowed); the records are built from them.
    public IReadOnlyList<AdminCategory> ListCategories() =>
        Query<(int Id, string Slug, string Name, string? Description, int? ParentId)>("SELECT id, slug, name, description, parent_id FROM categories ORDER BY name, id")
            .Select(r => new AdminCategory(r.Id, r.Slug, r.Name, r.Description, r.ParentId)).ToList();

    public IReadOnlyList<AdminTag> ListTags() =>
        Query<(int Id, string Slug, string Name)>("SELECT id, slug, name FROM tags ORDER BY name, id")
            .Select(r => new AdminTag(r.Id, r.Slug, r.Name)).ToList();

    public IReadOnlyList<AdminAuthor> ListAuthors() =>
        Query<(int Id, string Slug, string Name, string? Bio)>("SELECT id, slug, name, bio FROM authors ORDER BY name, id")
            .Select(r => new AdminAuthor(r.Id, r.Slug, r.Name, r.Bio)).ToList();

    // One item with its row version, for the admin GET by id and its ETag.
    public (AdminCategory Item, long Version)? GetCategory(int id) =>
        One<(int Id, string Slug, string Name, string? Description, int? ParentId, long Version)>("SELECT id, slug, name, description, parent_id, version FROM categories WHERE id = @id", id)
            is { } r ? (new AdminCategory(r.Id, r.Slug, r.Name, r.Description, r.ParentId), r.Version) : null;

    public (AdminTag Item, long Version)? GetTag(int id) =>
        One<(int Id, string Slug, string Name, long Version)>("SELECT id, slug, name, version FROM tags WHERE id = @id", id)
            is { } r ? (new AdminTag(r.Id, r.Slug, r.Name), r.Version) : null;

    public (AdminAuthor Item, long Version)? GetAuthor(int id) =>
        One<(int Id, string Slug, string Name, string? Bio, long Version)>("SELECT id, slug, name, bio, version FROM authors WHERE id = @id", id)
            is { } r ? (new AdminAuthor(r.Id, r.Slug, r.Name, r.Bio), r.Version) : null;

    public TaxonomyResult<AdminCategory> SaveCategory(int? id, CategoryWriteRequest request, string? ifMatch) => Save(id, Categories, request.Name, request.Slug, ifMatch, (connection, transaction, slug) =>
    {
        if (request.ParentId is { } parentId)
        {
            if (connection.ExecuteScalar<int>("SELECT count(*) FROM categories WHERE id = @parentId", new { parentId }, transaction) == 0)
            {
                return new TaxonomyResult<AdminCategory>(null, TaxonomyRefusal.UnknownParent, RefusedId: parentId);
            }

            if (id is { } self && IsSelfOrDescendant(connection, transaction, self, parentId))
            {
                return new TaxonomyResult<AdminCategory>(null, TaxonomyRefusal.ParentCycle, RefusedId: parentId);
            }
        }

        var values = new { Id = id, Slug = slug, Name = request.Name.Trim(), request.Description, request.ParentId, Now = Now() };
        var savedId = id is null
            ? connection.ExecuteScalar<int>("INSERT INTO categories (parent_id, slug, name, description, created_at, updated_at) VALUES (@ParentId, @Slug, @Name, @Description, @Now, @Now) RETURNING id", values, transaction)
            : Updated(connection.Execute("UPDATE categories SET parent_id = @ParentId, slug = @Slug, name = @Name, description = @Description, updated_at = @Now, version = version + 1 WHERE id = @Id", values, transaction), id.Value);
        return new TaxonomyResult<AdminCategory>(new AdminCategory(savedId, slug, values.Name, request.Description, request.ParentId));
    });

    public TaxonomyResult<AdminTag> SaveTag(int? id, TagWriteRequest request, string? ifMatch) => Save(id, Tags, request.Name, request.Slug, ifMatch, (connection, transaction, slug) =>
    {
        var values = new { Id = id, Slug = slug, Name = request.Name.Trim(), Now = Now() };
        var savedId = id is null
            ? connection.ExecuteScalar<int>("INSERT INTO tags (slug, name, created_at) VALUES (@Slug, @Name, @Now) RETURNING id", values, transaction)
            : Updated(connection.Execute("UPDATE tags SET slug = @Slug, name = @Name, version = version + 1 WHERE id = @Id", values, transaction), id.Value);
        Search.SearchIndexWriter.Flush(connection, transaction);
        return new TaxonomyResult<AdminTag>(new AdminTag(savedId, slug, values.Name));
    });

    public TaxonomyResult<AdminAuthor> SaveAuthor(int? id, AuthorWriteRequest request, string? ifMatch) => Save(id, Authors, request.Name, request.Slug, ifMatch, (connection, transaction, slug) =>
    {
        var values = new { Id = id, Slug = slug, Name = request.Name.Trim(), request.Bio, Now = Now() };
        var savedId = id is null
            ? connection.ExecuteScalar<int>("INSERT INTO authors (slug, name, bio, created_at, updated_at) VALUES (@Slug, @Name, @Bio, @Now, @Now) RETURNING id", values, transaction)
            : Updated(connection.Execute("UPDATE authors SET slug = @Slug, name = @Name, bio = @Bio, updated_at = @Now, version = version + 1 WHERE id = @Id", values, transaction), id.Value);
        return new TaxonomyResult<AdminAuthor>(new AdminAuthor(savedId, slug, values.Name, request.Bio));
    });

    /// <returns>None when deleted; NotFound, InUse (by an article or, for a category, a sub-category), or Stale (changed since <paramref name="ifMatch"/>).</returns>
    public TaxonomyRefusal Delete(string kind, int id, string? ifMatch)
    {
        var (table, usage) = kind switch
        {
            Categories => (Categories, "SELECT (SELECT count(*) FROM articles WHERE category_id = @id) + (SELECT count(*) FROM categories WHERE parent_id = @id)"),
            Tags => (Tags, "SELECT count(*) FROM article_tags WHERE tag_id = @id"),
            _ => (Authors, "SELECT count(*) FROM articles WHERE author_id = @id"),
        };
        return database.Write(write =>
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            if (connection.QuerySingleOrDefault<long?>($"SELECT version FROM {table} WHERE id = @id", new { id }, transaction) is not { } version)
            {
                return TaxonomyRefusal.NotFound;
            }

            if (!IfMatch.Allows(ifMatch, version))
            {
                return TaxonomyRefusal.Stale;
            }

            if (connection.ExecuteScalar<int>(usage, new { id }, transaction) > 0)
            {
                return TaxonomyRefusal.InUse;
            }

            connection.Execute($"DELETE FROM {table} WHERE id = @id", new { id }, transaction);
            return TaxonomyRefusal.None;
        });
    }

    private TaxonomyResult<T> Save<T>(
        int? id, string table, string name, string? wantedSlug, string? ifMatch, Func<DbConnection, DbTransaction, string, TaxonomyResult<T>> write)
        where T : class =>
        ContentWriter.ClaimingSlug(database, turn => SaveIn(turn, id, table, name, wantedSlug, ifMatch, write));

    private TaxonomyResult<T> SaveIn<T>(
        WriteScope turn, int? id, string table, string name, string? wantedSlug, string? ifMatch, Func<DbConnection, DbTransaction, string, TaxonomyResult<T>> write)
        where T : class
    {
        var (connection, transaction) = (turn.Connection, turn.Transaction);
        var row = id is null ? null : connection.QuerySingleOrDefault<(string Slug, long Version)?>($"SELECT slug, version FROM {table} WHERE id = @id", new { id }, transaction);
        if (id is not null && row is null)
        {
            return new TaxonomyResult<T>(null, TaxonomyRefusal.NotFound, RefusedId: id);
        }

        if (row is { } existing && !IfMatch.Allows(ifMatch, existing.Version))
        {
            return new TaxonomyResult<T>(null, TaxonomyRefusal.Stale);
        }

        var current = row?.Slug;

        string slug;
        if (wantedSlug is not null)
        {
            slug = Slugs.FromTitle(wantedSlug);
            var owner = connection.QuerySingleOrDefault<int?>($"SELECT id FROM {table} WHERE slug = @slug", new { slug }, transaction);
            if (owner is not null && owner != id)
            {
                return new TaxonomyResult<T>(null, TaxonomyRefusal.SlugTaken, RefusedSlug: slug);
            }
        }
        else
        {
            // A rename keeps the slug, so links to the category, tag or author page keep working.
            slug = current ?? new ContentWriter(connection, transaction, Now()).UniqueSlug(table, name);
        }

        // A refusal has written nothing, so committing it changes nothing.
        var result = write(connection, transaction, slug);
        if (result.Item is null)
        {
            return result;
        }

        return result with { Version = row is { } updated ? updated.Version + 1 : 1 };
    }

    // The anchor reads the id from the table, not the parameter, so both terms of the recursion have the column's type
    // (PostgreSQL refuses an integer parameter beside a bigint column).
    private static bool IsSelfOrDescendant(DbConnection connection, DbTransaction transaction, int categoryId, int candidateParentId) =>
        connection.ExecuteScalar<int>("""
            WITH RECURSIVE tree(id) AS (
                SELECT id FROM categories WHERE id = @categoryId
                UNION ALL
                SELECT child.id FROM categories child JOIN tree ON child.parent_id = tree.id)
            SELECT count(*) FROM tree WHERE id = @candidateParentId
            """, new { categoryId, candidateParentId }, transaction) > 0;

    private static int Updated(int rows, int id) => rows == 1 ? id : throw new InvalidOperationException($"Row {id} vanished inside its own transaction.");

    private T? One<T>(string sql, int id)
        where T : struct
    {
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<T?>(sql, new { id });
    }

    private List<T> Query<T>(string sql)
    {
        using var connection = database.Open();
        return connection.Query<T>(sql).AsList();
    }

    private DateTime Now() => Timestamps.ToDb(clock.GetUtcNow());
}
