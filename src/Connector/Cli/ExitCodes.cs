namespace CrmSuite.Connector.Cli;

/// <summary>Exit codes shared by every verb.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The input was read but is wrong (validation errors, bad records).</summary>
    public const int InputErrors = 1;

    /// <summary>The command line itself is wrong, or a named file does not exist.</summary>
    public const int Usage = 2;
}
