namespace CrmSuite.Connector.Sqlite;

/// <summary>
/// Text already encoded as UTF-8 (e.g. JSON serialized straight to bytes), bound by <see cref="RawStatement"/> as TEXT
/// without a trip through a .NET string.
/// </summary>
internal sealed record Utf8Text(byte[] Bytes)
{
    public override string ToString() => System.Text.Encoding.UTF8.GetString(Bytes);
}
