namespace CrmSuite.Connector.Crm;

/// <summary>
/// The CRM port's write side: tasks, proposals and playbook stages upserted in batches by idempotency key, so delivering
/// the same batch twice changes nothing.
/// </summary>
internal interface ICrmWriter
{
    /// <summary>
    /// Writes the batch: a task or proposal whose key exists is left as it is (a CSM may have worked it); a stage replaces
    /// the account's stage of that playbook only when its step is higher, and supersedes the playbook's tasks and withdraws
    /// its proposals still open from earlier steps. Stages apply after the batch's tasks, so a task a later stage of the same batch leaves ends closed.
    /// </summary>
    Task UpsertAsync(CrmWriteBatch batch, CancellationToken cancellationToken);
}
