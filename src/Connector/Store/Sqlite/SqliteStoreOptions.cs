namespace CrmSuite.Connector.Store.Sqlite;

/// <summary>Options of the SQLite state store, bound from <c>Store:Sqlite</c>.</summary>
internal sealed class SqliteStoreOptions
{
    public const string Section = "Store:Sqlite";

    /// <summary>The SQLite file of the state store (<c>Store:Sqlite:Path</c>).</summary>
    public string Path { get; set; } = "data/state.db";
}
