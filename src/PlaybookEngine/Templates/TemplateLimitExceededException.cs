namespace CrmSuite.PlaybookEngine.Templates;

/// <summary>
/// A playbook text's template went beyond the work one render may do (steps, loop size, text length). The render is
/// abandoned; the caller reports it for the account instead of producing the text.
/// </summary>
public sealed class TemplateLimitExceededException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TemplateLimitExceededException()
        : this("the template went beyond the work one render may do")
    {
    }

    /// <summary>Creates the exception with what went beyond which limit.</summary>
    /// <param name="message">What went beyond which limit.</param>
    public TemplateLimitExceededException(string message)
        : base($"template limit exceeded: {message}")
    {
    }

    /// <summary>Creates the exception with what went beyond which limit and the exception that stopped the render.</summary>
    /// <param name="message">What went beyond which limit.</param>
    /// <param name="innerException">The template engine's own exception.</param>
    public TemplateLimitExceededException(string message, Exception innerException)
        : base($"template limit exceeded: {message}", innerException)
    {
    }
}
