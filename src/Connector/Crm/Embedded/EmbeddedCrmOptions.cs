namespace CrmSuite.Connector.Crm.Embedded;

/// <summary>Options of the embedded CRM, bound from <c>Crm:Embedded</c>.</summary>
internal sealed class EmbeddedCrmOptions
{
    public const string Section = "Crm:Embedded";

    /// <summary>The SQLite file of the embedded CRM (<c>Crm:Embedded:Path</c>).</summary>
    public string Path { get; set; } = "data/crm.db";
}
