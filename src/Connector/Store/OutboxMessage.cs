namespace CrmSuite.Connector.Store;

/// <summary>An undelivered outbox row as the dispatcher reads it.</summary>
internal sealed record OutboxMessage(long Id, string Key, string Kind, string AccountId, string Payload, int Attempts);
