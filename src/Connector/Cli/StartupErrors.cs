using CrmSuite.Connector.Hosting;
using CrmSuite.Connector.Locking;
using CrmSuite.Connector.Sqlite;

namespace CrmSuite.Connector.Cli;

/// <summary>
/// The failures an operator causes and can fix — a malformed settings file, a damaged data file, a data folder another
/// process writes, a CRM that does not belong to its state store — in one sentence each, for exit code 2 without a stack
/// trace. Anything else is a bug and keeps its stack trace.
/// </summary>
internal static class StartupErrors
{
    public static string? Describe(Exception exception) => exception switch
    {
        DataFileBusyException or DataFileCorruptException or DataFolderMismatchException or Crm.CrmLoadUnsupportedException
            or Store.StateStoreUnreadableException
            or Store.StoreUnavailableException => exception.Message,
        InvalidDataException { InnerException: { } inner } when exception.Message.StartsWith("Failed to load configuration", StringComparison.Ordinal) =>
            $"configuration: {exception.Message} {Innermost(inner).Message}",
        AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerExceptions[0]),
        _ when exception.InnerException is { } inner && exception is InvalidOperationException or System.Reflection.TargetInvocationException => Describe(inner),
        _ => null,
    };

    private static Exception Innermost(Exception exception) => exception.InnerException is { } inner ? Innermost(inner) : exception;
}
