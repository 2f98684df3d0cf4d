namespace CrmSuite.Connector.Crm;

/// <summary>The reads behind the CSM work queue: who works tasks, and a CSM's open tasks with the proposal of the same step.</summary>
internal interface ICrmWorkQueue
{
    /// <summary>Users who own accounts or open tasks or have the CSM role, with how many open tasks they own, by name.</summary>
    Task<IReadOnlyList<CrmCsm>> ReadCsmsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The open tasks <paramref name="csmId"/> owns (the account's CSM when the task was written, or the pool member capacity
    /// routing gave it to; the Dataverse adapter still reads the tasks of the accounts the user owns), by due date then
    /// priority, at most <paramref name="max"/>; null when no such user exists.
    /// </summary>
    Task<CrmTaskQueue?> ReadOpenTasksAsync(string csmId, int max, CancellationToken cancellationToken);

    /// <summary>
    /// The open proposals of the accounts <paramref name="csmId"/> owns, soonest expiry first, at most <paramref name="max"/>,
    /// each with its terms and document; null when no such user exists.
    /// </summary>
    Task<IReadOnlyList<CrmOpenProposal>?> ReadOpenProposalsAsync(string csmId, int max, CancellationToken cancellationToken);
}
