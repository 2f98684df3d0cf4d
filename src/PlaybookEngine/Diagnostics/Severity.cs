namespace CrmSuite.PlaybookEngine.Diagnostics;

/// <summary>How serious a diagnostic is: errors make a file unusable, warnings do not.</summary>
public enum Severity
{
    Warning,
    Error,
}
