using Microsoft.Extensions.Options;
using CrmSuite.Connector.Crm.Embedded;
using CrmSuite.Connector.Store;

namespace CrmSuite.Connector.Hosting;

/// <summary>Checks the embedded CRM's options, naming the key at fault.</summary>
internal sealed class EmbeddedCrmOptionsValidator : IValidateOptions<EmbeddedCrmOptions>
{
    public ValidateOptionsResult Validate(string? name, EmbeddedCrmOptions options) =>
        string.IsNullOrWhiteSpace(options.Path)
            ? ValidateOptionsResult.Fail($"{EmbeddedCrmOptions.Section}:{nameof(EmbeddedCrmOptions.Path)} must name the SQLite file of the embedded CRM, e.g. data/crm.db.")
            : ValidateOptionsResult.Success;
}

/// <summary>Checks the state store's options, naming the key at fault.</summary>
internal sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options) =>
        string.IsNullOrWhiteSpace(options.Path)
            ? ValidateOptionsResult.Fail($"{StoreOptions.Section}:{nameof(StoreOptions.Path)} must name the SQLite file of the state store, e.g. data/state.db.")
            : ValidateOptionsResult.Success;
}
