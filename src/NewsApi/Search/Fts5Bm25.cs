using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace NewsApi.Search;

/// <summary>
/// <c>news_bm25(search_index, documentCounts, weight…)</c>: FTS5's own bm25 — the same formula, constants and column
/// weights, computed from the same row statistics — except that the number of documents holding each phrase of the
/// MATCH expression is given (<c>documentCounts</c>, one little-endian int64 per phrase, in the
/// expression's order) rather than counted on every query.
/// </summary>
/// <remarks>
/// FTS5's bm25 counts, before scoring its first row, every document holding each phrase (xQueryPhrase over the
/// phrase's whole doclist) to compute its IDF: some 4 ms of CPU per search for a word in 90 % of 100,000 articles,
/// however few candidates are then scored. Those counts are statistics of the index, not of the query: the search
/// remembers them per version of the index (<see cref="SearchStore"/>), as Lucene keeps docFreq in its term dictionary.
/// With a NULL <c>documentCounts</c> the function counts them itself, as bm25 does (so the two can be compared).
/// The function is registered through <c>fts5_api</c> in the same native SQLite library Microsoft.Data.Sqlite loads
/// (SQLitePCLRaw's <c>e_sqlite3</c>), once on each physical connection (<see cref="Register"/>).
/// </remarks>
internal static unsafe class Fts5Bm25
{
    public const string FunctionName = "news_bm25";

    // FTS5's bm25 constants (fts5_aux.c).
    private const double K1 = 1.2;
    private const double B = 0.75;

    private const string Library = "e_sqlite3";
    private const int SqliteOk = 0;
    private const int SqliteRow = 100;
    private const int SqliteError = 1;
    private const int SqliteNull = 5;
    private const int SqliteNoMemory = 7;

    // Physical connections the function is already registered on: FTS5 keeps every registration (a list it never
    // deduplicates), while a pooled connection is opened many times.
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Registered = [];
    private static readonly object Done = new();

    /// <summary>Registers <see cref="FunctionName"/> on the connection's physical database handle, once.</summary>
    public static void Register(SqliteConnection connection)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        if (Registered.TryGetValue(handle, out _))
        {
            return;
        }

        var db = handle.DangerousGetHandle();
        var api = FindFts5Api(db);
        fixed (byte* name = "news_bm25\0"u8)
        {
            var rc = api->xCreateFunction(api, name, null, &Rank, null);
            if (rc != SqliteOk)
            {
                throw new InvalidOperationException($"FTS5 refused to register {FunctionName} (SQLite error {rc}).");
            }
        }

        Registered.AddOrUpdate(handle, Done);
    }

    // The documented way to reach fts5_api: SELECT fts5(?1) with a pointer bound under the type "fts5_api_ptr".
    private static Fts5Api* FindFts5Api(nint db)
    {
        Fts5Api* api = null;
        nint statement = 0;
        try
        {
            fixed (byte* sql = "SELECT fts5(?1)\0"u8)
            fixed (byte* pointerType = "fts5_api_ptr\0"u8)
            {
                if (sqlite3_prepare_v2(db, sql, -1, &statement, null) != SqliteOk
                    || sqlite3_bind_pointer(statement, 1, &api, pointerType, null) != SqliteOk
                    || sqlite3_step(statement) != SqliteRow)
                {
                    throw new InvalidOperationException("This SQLite has no FTS5 (SELECT fts5(?1) failed).");
                }
            }
        }
        finally
        {
            _ = sqlite3_finalize(statement);
        }

        return api is null || api->iVersion < 2 ? throw new InvalidOperationException("This SQLite's fts5_api is too old.") : api;
    }

    /// <summary>One query's statistics, computed on its first row and kept by FTS5 with the query (xSetAuxdata).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct QueryData
    {
        public int PhraseCount;
        public double AverageLength;

        // PhraseCount IDFs, then PhraseCount frequencies (the current row's), allocated with the struct.
        public double* Idf;
        public double* Frequency;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Rank(Fts5ExtensionApi* api, nint fts, nint context, int argumentCount, nint* arguments)
    {
        var data = (QueryData*)api->xGetAuxdata(fts, 0);
        var rc = SqliteOk;
        if (data is null)
        {
            rc = Prepare(api, fts, argumentCount > 0 ? arguments[0] : 0, out data);
            if (rc != SqliteOk)
            {
                sqlite3_result_error_code(context, rc);
                return;
            }
        }

        // The column weights follow the counts: news_bm25(t, counts, w0, w1, …) weighs column i by argument i + 1.
        var frequency = data->Frequency;
        new Span<double>(frequency, data->PhraseCount).Clear();
        int instances;
        rc = api->xInstCount(fts, &instances);
        for (var i = 0; rc == SqliteOk && i < instances; i++)
        {
            int phrase, column, offset;
            rc = api->xInst(fts, i, &phrase, &column, &offset);
            if (rc == SqliteOk)
            {
                frequency[phrase] += argumentCount > column + 1 ? sqlite3_value_double(arguments[column + 1]) : 1.0;
            }
        }

        int tokens = 0;
        if (rc == SqliteOk)
        {
            rc = api->xColumnSize(fts, -1, &tokens);
        }

        if (rc != SqliteOk)
        {
            sqlite3_result_error_code(context, rc);
            return;
        }

        // Term by term, in bm25's order, so that the sum rounds exactly as bm25's does.
        var score = 0.0;
        var length = (double)tokens;
        for (var i = 0; i < data->PhraseCount; i++)
        {
            score += data->Idf[i] * (frequency[i] * (K1 + 1.0) / (frequency[i] + K1 * (1 - B + B * length / data->AverageLength)));
        }

        sqlite3_result_double(context, -1.0 * score);
    }

    private static int Prepare(Fts5ExtensionApi* api, nint fts, nint counts, out QueryData* data)
    {
        data = null;
        var phrases = api->xPhraseCount(fts);
        long rows, tokens;
        var rc = api->xRowCount(fts, &rows);
        if (rc == SqliteOk)
        {
            rc = api->xColumnTotalSize(fts, -1, &tokens);
        }
        else
        {
            tokens = 0;
        }

        if (rc != SqliteOk)
        {
            return rc;
        }

        var given = counts != 0 && sqlite3_value_type(counts) != SqliteNull;
        if (given && sqlite3_value_bytes(counts) != phrases * sizeof(long))
        {
            // Counts for another expression would score wrongly, silently: refused.
            return SqliteError;
        }

        QueryData* allocated;
        try
        {
            allocated = (QueryData*)NativeMemory.AllocZeroed((nuint)(sizeof(QueryData) + (2 * phrases * sizeof(double))));
        }
        catch (OutOfMemoryException)
        {
            // Nothing may be thrown back into SQLite's C frames.
            return SqliteNoMemory;
        }

        allocated->PhraseCount = phrases;
        allocated->AverageLength = (double)tokens / rows;
        allocated->Idf = (double*)(allocated + 1);
        allocated->Frequency = allocated->Idf + phrases;
        var given64 = given ? (long*)sqlite3_value_blob(counts) : null;
        for (var i = 0; rc == SqliteOk && i < phrases; i++)
        {
            long hits = 0;
            if (given64 is not null)
            {
                hits = BitConverter.IsLittleEndian ? given64[i] : System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(given64[i]);
            }
            else
            {
                rc = api->xQueryPhrase(fts, i, &hits, &CountDocument);
            }

            // bm25's IDF, floored at 1e-6 when a phrase is in more than half the documents.
            var idf = Math.Log((rows - hits + 0.5) / (hits + 0.5));
            allocated->Idf[i] = idf <= 0.0 ? 1e-6 : idf;
        }

        if (rc == SqliteOk)
        {
            rc = api->xSetAuxdata(fts, allocated, &Free);
        }
        else
        {
            NativeMemory.Free(allocated);
        }

        if (rc == SqliteOk)
        {
            data = allocated;
        }

        return rc;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int CountDocument(Fts5ExtensionApi* api, nint fts, void* count)
    {
        (*(long*)count)++;
        return SqliteOk;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Free(void* memory) => NativeMemory.Free(memory);

    /// <summary>The document counts as <see cref="FunctionName"/> reads them.</summary>
    public static byte[] Encode(IReadOnlyList<long> counts)
    {
        var bytes = new byte[counts.Count * sizeof(long)];
        for (var i = 0; i < counts.Count; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), counts[i]);
        }

        return bytes;
    }

    // fts5.h: struct fts5_api (version 2 and later begin alike).
    [StructLayout(LayoutKind.Sequential)]
    private struct Fts5Api
    {
        public int iVersion;
        public nint xCreateTokenizer;
        public nint xFindTokenizer;
        public delegate* unmanaged[Cdecl]<Fts5Api*, byte*, void*, delegate* unmanaged[Cdecl]<Fts5ExtensionApi*, nint, nint, int, nint*, void>, void*, int> xCreateFunction;
    }

    // fts5.h: struct Fts5ExtensionApi, up to the members used (their order is fixed across versions).
    [StructLayout(LayoutKind.Sequential)]
    private struct Fts5ExtensionApi
    {
        public int iVersion;
        public nint xUserData;
        public nint xColumnCount;
        public delegate* unmanaged[Cdecl]<nint, long*, int> xRowCount;
        public delegate* unmanaged[Cdecl]<nint, int, long*, int> xColumnTotalSize;
        public nint xTokenize;
        public delegate* unmanaged[Cdecl]<nint, int> xPhraseCount;
        public nint xPhraseSize;
        public delegate* unmanaged[Cdecl]<nint, int*, int> xInstCount;
        public delegate* unmanaged[Cdecl]<nint, int, int*, int*, int*, int> xInst;
        public nint xRowid;
        public nint xColumnText;
        public delegate* unmanaged[Cdecl]<nint, int, int*, int> xColumnSize;
        public delegate* unmanaged[Cdecl]<nint, int, void*, delegate* unmanaged[Cdecl]<Fts5ExtensionApi*, nint, void*, int>, int> xQueryPhrase;
        public delegate* unmanaged[Cdecl]<nint, void*, delegate* unmanaged[Cdecl]<void*, void>, int> xSetAuxdata;
        public delegate* unmanaged[Cdecl]<nint, int, void*> xGetAuxdata;
    }

    [DllImport(Library)]
    private static extern int sqlite3_prepare_v2(nint db, byte* sql, int length, nint* statement, byte** tail);

    [DllImport(Library)]
    private static extern int sqlite3_bind_pointer(nint statement, int index, void* pointer, byte* type, void* destroy);

    [DllImport(Library)]
    private static extern int sqlite3_step(nint statement);

    [DllImport(Library)]
    private static extern int sqlite3_finalize(nint statement);

    [DllImport(Library)]
    private static extern int sqlite3_value_type(nint value);

    [DllImport(Library)]
    private static extern int sqlite3_value_bytes(nint value);

    [DllImport(Library)]
    private static extern void* sqlite3_value_blob(nint value);

    [DllImport(Library)]
    private static extern double sqlite3_value_double(nint value);

    [DllImport(Library)]
    private static extern void sqlite3_result_double(nint context, double value);

    [DllImport(Library)]
    private static extern void sqlite3_result_error_code(nint context, int code);
}
