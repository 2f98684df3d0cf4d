namespace CrmSuite.Connector.Tests.Crm.Contract.Dataverse;

/// <summary>The Dataverse gateway keeps the CRM port's contract, over real HTTP against the Dataverse emulator.</summary>
public sealed class DataverseCrmContractTests : CrmPortContract<DataverseCrmContractFixture>
{
    protected override DataverseCrmContractFixture CreateFixture() => new();
}
