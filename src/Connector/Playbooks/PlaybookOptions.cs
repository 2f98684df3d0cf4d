using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Playbooks;

/// <summary>Where the published playbooks live, bound from <c>Connector</c>.</summary>
internal sealed class PlaybookOptions
{
    public const string Section = "Connector";

    /// <summary>Folder of the playbooks to run (<c>Connector:PlaybooksPath</c>).</summary>
    public string PlaybooksPath { get; set; } = PublishedPlaybooks.DefaultFolder;
}

/// <summary>Checks <see cref="PlaybookOptions"/> at start, naming the key at fault.</summary>
internal sealed class PlaybookOptionsValidator : IValidateOptions<PlaybookOptions>
{
    public ValidateOptionsResult Validate(string? name, PlaybookOptions options) =>
        string.IsNullOrWhiteSpace(options.PlaybooksPath)
            ? ValidateOptionsResult.Fail($"{PlaybookOptions.Section}:{nameof(PlaybookOptions.PlaybooksPath)} must name the folder of the playbooks to run, e.g. playbooks.")
            : ValidateOptionsResult.Success;
}
