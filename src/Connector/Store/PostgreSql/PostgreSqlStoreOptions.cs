namespace CrmSuite.Connector.Store.PostgreSql;

/// <summary>The PostgreSQL state store's options, bound from <c>Store</c>: <c>Store:ConnectionString</c>.</summary>
internal sealed class PostgreSqlStoreOptions
{
    public const string Section = "Store";

    /// <summary>
    /// An Npgsql connection string, e.g. <c>Host=db1;Port=5432;Database=crmsuite;Username=crmsuite;Password=…</c>
    /// (<c>Store:ConnectionString</c>, or the variable <c>CRMSUITE_Store__ConnectionString</c>).
    /// </summary>
    public string? ConnectionString { get; set; }
}
