namespace CrmSuite.Connector.Cli;

/// <summary>Exit codes shared by every verb.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The input was read but is wrong (validation errors, bad records).</summary>
    public const int InputErrors = 1;

    /// <summary>The command line itself is wrong, or a named file does not exist.</summary>
    public const int Usage = 2;

    /// <summary>The work failed part-way (e.g. the CRM refused a batch); what was committed stays committed.</summary>
    public const int Failed = 3;

    /// <summary>Stopped by Ctrl+C / SIGTERM; committed pages stay committed.</summary>
    public const int Cancelled = 130;

    /// <summary>2 for playbook files refused whole (missing, unreadable, nested too deep), 1 for playbooks read and found wrong.</summary>
    public static int Of(Playbooks.PlaybookLoadException exception) => exception.FilesRefused ? Usage : InputErrors;
}
