using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CrmSuite.DataverseEmulator.Schema;
using CrmSuite.DataverseEmulator.Store;
using Microsoft.OData;
using Microsoft.OData.UriParser;

namespace CrmSuite.DataverseEmulator.Http;

/// <summary>
/// GET on an entity set: $select/$filter/$orderby/$top, server-driven paging (odata.maxpagesize, @odata.nextLink)
/// and change tracking (odata.track-changes, @odata.deltaLink, $deletedEntity).
/// </summary>
internal sealed class EntityReads(EmulatorContext context)
{
    public const int MaxPageSize = 5000;

    public EmulatorResponse GetCollection(EmulatorRequest request, TableData table, ODataUriParser parser)
    {
        context.RequirePrivilege("Read", table);
        var options = QueryOptionNames(request.Url);
        foreach (var unsupported in new[] { "$skip", "$expand", "$apply", "$search", "$count" })
        {
            if (options.Contains(unsupported))
            {
                throw new DataverseException(400, ErrorCodes.QueryError, $"The query parameter {unsupported} is not supported{(unsupported == "$skip" ? "" : " by the emulator")}.");
            }
        }
        var prefer = request.Prefer;
        var columns = SelectedColumns(table, parser);
        var skipToken = Parse(() => parser.ParseSkipToken());
        var deltaToken = Parse(() => parser.ParseDeltaToken());
        var token = skipToken is null ? null : PageToken.Decode(skipToken);
        var tracking = prefer.TrackChanges || deltaToken is not null || token?.Snapshot is not null;
        if (tracking)
        {
            return Tracked(request, table, parser, options, columns, prefer, token, deltaToken);
        }

        var filterClause = Parse(() => parser.ParseFilter());
        var filter = QueryEvaluator.Compile(table.Definition, filterClause);
        var orderBy = Parse(() => parser.ParseOrderBy());
        var top = Parse(() => parser.ParseTop());
        if (top is long topCount)
        {
            // $top turns server-driven paging off: the page size preference is ignored.
            IEnumerable<Row> rows = orderBy is null ? table.Rows : table.Rows.Order(QueryEvaluator.Comparer(table.Definition, orderBy));
            var selected = rows.Where(filter).Take((int)Math.Min(topCount, MaxPageSize)).ToList();
            return Page(request, table, columns, selected, nextLink: null, deltaLink: null, preferenceApplied: null, delta: false);
        }

        var pageSize = Math.Min(prefer.MaxPageSize ?? MaxPageSize, MaxPageSize);
        var fingerprint = Fingerprint(request.Url);
        CheckToken(token, fingerprint, pageSize);
        List<Row> page;
        PageToken? next;
        if (orderBy is null)
        {
            // A filter naming a set of ids visits only those rows (in key order, as a scan would).
            var rows = QueryEvaluator.Candidates(table.Definition, filterClause) is { } candidates
                ? table.RowsWith(candidates.Column, candidates.Ids, token?.LastId)
                : table.RowsAfter(token?.LastId);
            page = rows.Where(filter).Take(pageSize + 1).ToList();
            next = page.Count > pageSize ? new PageToken(fingerprint, pageSize) { LastId = page[pageSize - 1].Id } : null;
        }
        else
        {
            var offset = token?.Offset ?? 0;
            page = table.Rows.Where(filter).Order(QueryEvaluator.Comparer(table.Definition, orderBy)).Skip(offset).Take(pageSize + 1).ToList();
            next = page.Count > pageSize ? new PageToken(fingerprint, pageSize) { Offset = offset + pageSize } : null;
        }
        if (page.Count > pageSize)
        {
            page.RemoveAt(pageSize);
        }
        var applied = prefer.MaxPageSize is null ? null : $"odata.maxpagesize={pageSize}";
        return Page(request, table, columns, page, next is null ? null : NextLink(request.Url, next), null, applied, delta: false);
    }

    public EmulatorResponse GetOne(RowAddress address, ODataUriParser parser)
    {
        context.RequirePrivilege("Read", address.Table);
        var row = address.Find() ?? throw address.NotFound();
        return Single(address.Table, row, SelectedColumns(address.Table, parser), 200, annotations: false);
    }

    public EmulatorResponse Single(TableData table, Row row, IReadOnlyList<ColumnDefinition> columns, int status, bool annotations)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            RowWriter.Write(json, table.Definition, row, columns, annotations);
        }
        var body = buffer.WrittenSpan.ToArray();
        var context1 = $"{context.ServiceRoot}$metadata#{table.Definition.EntitySetName}{SelectSuffix(table, columns)}/$entity";
        var withContext = Encoding.UTF8.GetBytes("{\"@odata.context\":" + JsonSerializer.Serialize(context1) + "," + Encoding.UTF8.GetString(body, 1, body.Length - 1));
        var response = EmulatorResponse.Json(status, withContext);
        response.Headers["ETag"] = RowWriter.ETag(row);
        return response;
    }

    public static IReadOnlyList<ColumnDefinition> SelectedColumns(TableData table, ODataUriParser parser)
    {
        var clause = Parse(() => parser.ParseSelectAndExpand());
        if (clause is null || clause.AllSelected)
        {
            return table.Definition.Columns.ToList();
        }
        if (clause.SelectedItems.OfType<ExpandedNavigationSelectItem>().Any())
        {
            throw new DataverseException(400, ErrorCodes.QueryError, "$expand is not supported by the emulator.");
        }
        return clause.SelectedItems.OfType<PathSelectItem>()
            .Select(item => item.SelectedPath.FirstSegment.Identifier)
            .Select(name => table.Definition.Columns.FirstOrDefault(c => c.ValuePropertyName == name)
                ?? throw new DataverseException(400, ErrorCodes.QueryError, $"Could not find a property named '{name}' on type '{EdmModelFactory.Namespace}.{table.Definition.LogicalName}'."))
            .ToList();
    }

    private EmulatorResponse Tracked(EmulatorRequest request, TableData table, ODataUriParser parser, HashSet<string> options,
        IReadOnlyList<ColumnDefinition> columns, Preferences prefer, PageToken? token, string? deltaToken)
    {
        if (!table.Definition.ChangeTrackingEnabled)
        {
            throw new DataverseException(400, ErrorCodes.QueryError,
                $"Change tracking is not enabled for the entity '{table.Definition.LogicalName}'. Enable ChangeTrackingEnabled on its EntityMetadata first.");
        }
        foreach (var option in new[] { "$filter", "$orderby", "$expand", "$top" })
        {
            if (options.Contains(option))
            {
                throw new DataverseException(400, ErrorCodes.QueryError, $"The \"{option}\" query parameter isn't supported when Change Tracking is enabled.");
            }
        }
        var pageSize = Math.Min(prefer.MaxPageSize ?? MaxPageSize, MaxPageSize);
        var fingerprint = Fingerprint(request.Url);
        CheckToken(token, fingerprint, pageSize);
        var store = context.Store;
        if (deltaToken is null && token?.Since is null)
        {
            var snapshot = token?.Snapshot ?? store.CurrentVersion;
            var page = table.RowsAfter(token?.LastId).Take(pageSize + 1).ToList();
            var more = page.Count > pageSize;
            if (more)
            {
                page.RemoveAt(pageSize);
            }
            var next = more ? NextLink(request.Url, new PageToken(fingerprint, pageSize) { LastId = page[^1].Id, Snapshot = snapshot }) : null;
            var applied = string.Join(",", new[] { "odata.track-changes", prefer.MaxPageSize is null ? null : $"odata.maxpagesize={pageSize}" }.OfType<string>());
            return Page(request, table, columns, page, next, more ? null : DeltaLink(table, request.Url, snapshot), applied, delta: false);
        }

        long since, upTo;
        if (token?.Since is long tokenSince)
        {
            (since, upTo) = (tokenSince, token.Snapshot!.Value);
        }
        else
        {
            since = ReadDeltaToken(deltaToken!);
            upTo = store.CurrentVersion;
        }
        var items = new List<object>();
        var phase = token?.Phase ?? 0;
        var after = token?.LastVersion ?? since;
        if (phase == 0)
        {
            foreach (var row in table.ChangedAfter(after, upTo).Take(pageSize + 1 - items.Count))
            {
                items.Add(row);
            }
            if (items.Count <= pageSize)
            {
                phase = 1;
                after = since;
            }
        }
        if (phase == 1 && items.Count <= pageSize)
        {
            foreach (var deleted in table.DeletedAfter(after, upTo).Take(pageSize + 1 - items.Count))
            {
                items.Add(deleted);
            }
        }
        string? nextLink = null;
        if (items.Count > pageSize)
        {
            items.RemoveAt(pageSize);
            var lastVersion = items[^1] switch { Row r => r.Version, (long v, Guid) => v, _ => 0 };
            var lastPhase = items[^1] is Row ? 0 : 1;
            nextLink = NextLink(request.Url, new PageToken(fingerprint, pageSize) { Since = since, Snapshot = upTo, Phase = lastPhase, LastVersion = lastVersion });
        }
        return Page(request, table, columns, items, nextLink, nextLink is null ? DeltaLink(table, request.Url, upTo) : null,
            prefer.MaxPageSize is null ? null : $"odata.maxpagesize={pageSize}", delta: true);
    }

    private long ReadDeltaToken(string deltaToken)
    {
        var parts = deltaToken.Split('!');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || !DateTimeOffset.TryParseExact(parts[1], "MM/dd/yyyy HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var issued))
        {
            throw new DataverseException(400, ErrorCodes.QueryError, "The $deltatoken is not one this service issued: request the @odata.deltaLink unchanged.");
        }
        if (version <= context.Faults.DeltaTokensExpiredUpTo || context.Store.Now - issued > context.Options.ChangeTrackingRetention)
        {
            throw new DataverseException(400, ErrorCodes.ExpiredVersionStamp, "Version stamp associated with the client has expired. Please perform a full sync.");
        }
        return version;
    }

    private string DeltaLink(TableData table, Uri url, long version)
    {
        var select = QueryOption(url, "$select");
        var token = $"{version.ToString(CultureInfo.InvariantCulture)}!{context.Store.Now.UtcDateTime.ToString("MM/dd/yyyy HH:mm:ss", CultureInfo.InvariantCulture)}";
        var query = (select is null ? "" : "$select=" + Uri.EscapeDataString(select) + "&") + "$deltatoken=" + Uri.EscapeDataString(token);
        return $"{context.ServiceRoot}{table.Definition.EntitySetName}?{query}";
    }

    private EmulatorResponse Page(EmulatorRequest request, TableData table, IReadOnlyList<ColumnDefinition> columns, IEnumerable<object> items,
        string? nextLink, string? deltaLink, string? preferenceApplied, bool delta)
    {
        var annotations = request.Prefer.IncludeAnnotations is not null;
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("@odata.context", $"{context.ServiceRoot}$metadata#{table.Definition.EntitySetName}{SelectSuffix(table, columns)}{(delta ? "/$delta" : "")}");
            json.WriteStartArray("value");
            foreach (var item in items)
            {
                if (item is Row row)
                {
                    RowWriter.Write(json, table.Definition, row, columns, annotations);
                }
                else if (item is (long, Guid id))
                {
                    json.WriteStartObject();
                    json.WriteString("@odata.context", $"{context.ServiceRoot}$metadata#{table.Definition.EntitySetName}/$deletedEntity");
                    json.WriteString("id", id.ToString("D"));
                    json.WriteString("reason", "deleted");
                    json.WriteEndObject();
                }
            }
            json.WriteEndArray();
            if (nextLink is not null)
            {
                json.WriteString("@odata.nextLink", nextLink);
            }
            if (deltaLink is not null)
            {
                json.WriteString("@odata.deltaLink", deltaLink);
            }
            json.WriteEndObject();
        }
        var response = EmulatorResponse.Json(200, buffer.WrittenSpan.ToArray());
        if (preferenceApplied is not null)
        {
            response.Headers["Preference-Applied"] = preferenceApplied;
        }
        return response;
    }

    private static string SelectSuffix(TableData table, IReadOnlyList<ColumnDefinition> columns) =>
        columns.Count == table.Definition.Columns.Count ? "" : $"({string.Join(",", columns.Select(c => c.ValuePropertyName))})";

    private static void CheckToken(PageToken? token, string fingerprint, int pageSize)
    {
        if (token is null)
        {
            return;
        }
        if (token.Query != fingerprint)
        {
            throw new DataverseException(400, ErrorCodes.QueryError, "The $skiptoken was issued for a different query: reuse the @odata.nextLink unchanged.");
        }
        if (token.PageSize != pageSize)
        {
            throw new DataverseException(400, ErrorCodes.QueryError,
                $"The $skiptoken was issued for odata.maxpagesize={token.PageSize}: send the same Prefer: odata.maxpagesize with every page (this request asked for {pageSize}).");
        }
    }

    private string NextLink(Uri url, PageToken token)
    {
        var query = string.Join("&", QueryPairs(url).Where(p => p.Name != "$skiptoken").Select(p => p.Raw).Append("$skiptoken=" + token.Encode()));
        return $"{context.ServiceRoot}{url.AbsolutePath[(context.ServiceRoot.AbsolutePath.Length)..]}?{query}";
    }

    // The query a token belongs to: the URL's query options other than $skiptoken.
    private static string Fingerprint(Uri url)
    {
        var text = url.AbsolutePath + "?" + string.Join("&", QueryPairs(url).Where(p => p.Name != "$skiptoken").Select(p => p.Raw));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 8);
    }

    private static HashSet<string> QueryOptionNames(Uri url) => QueryPairs(url).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    private static string? QueryOption(Uri url, string name) =>
        QueryPairs(url).Where(p => p.Name == name).Select(p => Uri.UnescapeDataString(p.Raw[(p.Raw.IndexOf('=') + 1)..])).FirstOrDefault();

    private static IEnumerable<(string Name, string Raw)> QueryPairs(Uri url) =>
        url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(raw => (Uri.UnescapeDataString(raw.Split('=')[0]), raw));

    private static T Parse<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ODataException e)
        {
            throw new DataverseException(400, ErrorCodes.QueryError, e.Message);
        }
    }
}
