namespace CrmSuite.Connector.Tests.Crm.Contract.Embedded;

/// <summary>The embedded (SQLite) CRM keeps the CRM port's contract.</summary>
public sealed class EmbeddedCrmContractTests : CrmPortContract<EmbeddedCrmContractFixture>
{
    protected override EmbeddedCrmContractFixture CreateFixture() => new();
}
