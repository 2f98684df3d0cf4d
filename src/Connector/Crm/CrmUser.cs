namespace CrmSuite.Connector.Crm;

/// <summary>A CRM user who owns accounts and works tasks (a CSM, a manager).</summary>
internal sealed record CrmUser(string Id, string Name, string Email, string Role);
