namespace CrmSuite.Connector.Crm;

/// <summary>
/// The CRM port's event side: a CSM's completed task is recorded in the CRM as a durable event in the same transaction as
/// the task's status, read back by the connector in order, and marked processed once applied to the playbook. An event
/// not yet marked is read again after a crash; the connector's own watermark makes sure it is applied once.
/// </summary>
internal interface ICrmTaskEvents
{
    /// <summary>Completes an open task with one of its allowed outcomes and records the event, in one transaction.</summary>
    Task<TaskCompletion> CompleteTaskAsync(string key, string outcome, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Events not yet marked processed, oldest first.</summary>
    Task<IReadOnlyList<TaskEvent>> ReadPendingTaskEventsAsync(CancellationToken cancellationToken);

    /// <summary>Marks an event processed with what processing did, so it is not read as pending again.</summary>
    Task MarkTaskEventProcessedAsync(long id, TaskEventResult result, DateTimeOffset at, CancellationToken cancellationToken);
}
