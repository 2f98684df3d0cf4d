namespace CrmSuite.Connector.Crm;

/// <summary>The configured CRM cannot be bulk-loaded by the connector (a CRM of record); the message says what to do instead.</summary>
internal sealed class CrmLoadUnsupportedException(string message) : Exception(message);
