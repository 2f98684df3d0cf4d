namespace CrmSuite.PlaybookEngine.Diagnostics;

/// <summary>How serious a diagnostic is: errors make a file unusable, warnings do not.</summary>
public enum Severity
{
    /// <summary>Worth fixing, but the file still loads (an unknown field that is ignored, say).</summary>
    Warning,

    /// <summary>The file is not loaded; a command that reads it exits non-zero.</summary>
    Error,
}
