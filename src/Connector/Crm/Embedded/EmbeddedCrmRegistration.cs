using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CrmSuite.Connector.Crm.Embedded;

/// <summary>The embedded CRM's one registration: its options, and the adapter behind every side of the CRM port.</summary>
internal static class EmbeddedCrmRegistration
{
    public static IHostApplicationBuilder AddEmbeddedCrm(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmbeddedCrmOptions>().Bind(builder.Configuration.GetSection(EmbeddedCrmOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EmbeddedCrmOptions>, EmbeddedCrmOptionsValidator>();
        builder.Services.AddSingleton<EmbeddedCrmGateway>();
        builder.Services.AddSingleton<ICrmAccounts>(sp => sp.GetRequiredService<EmbeddedCrmGateway>());
        builder.Services.AddSingleton<ICrmWriter>(sp => sp.GetRequiredService<EmbeddedCrmGateway>());
        builder.Services.AddSingleton<ICrmTaskEvents>(sp => sp.GetRequiredService<EmbeddedCrmGateway>());
        builder.Services.AddSingleton<ICrmProposals>(sp => sp.GetRequiredService<EmbeddedCrmGateway>());
        builder.Services.AddSingleton<ICrmLicenses>(sp => sp.GetRequiredService<EmbeddedCrmGateway>());
        builder.Services.AddSingleton<ICrmWorkQueue>(sp => sp.GetRequiredService<EmbeddedCrmGateway>());
        builder.Services.AddSingleton<ICrmAccountView>(sp => sp.GetRequiredService<EmbeddedCrmGateway>());
        builder.Services.AddSingleton<ICrmUpgradeStatus>(sp => sp.GetRequiredService<EmbeddedCrmGateway>());
        builder.Services.AddSingleton<ICrmDataLoader>(sp => sp.GetRequiredService<EmbeddedCrmGateway>());
        builder.Services.AddSingleton<ICrmActivity>(sp => sp.GetRequiredService<EmbeddedCrmGateway>());
        builder.Services.AddSingleton<ICrmHistory, EmbeddedCrmHistory>();
        builder.Services.AddSingleton(sp => new Locking.DataFile(sp.GetRequiredService<IOptions<EmbeddedCrmOptions>>().Value.Path, Locking.DataWrites.Crm));
        return builder;
    }
}

/// <summary>Checks the embedded CRM's options, naming the key at fault.</summary>
internal sealed class EmbeddedCrmOptionsValidator : IValidateOptions<EmbeddedCrmOptions>
{
    public ValidateOptionsResult Validate(string? name, EmbeddedCrmOptions options) =>
        string.IsNullOrWhiteSpace(options.Path)
            ? ValidateOptionsResult.Fail($"{EmbeddedCrmOptions.Section}:{nameof(EmbeddedCrmOptions.Path)} must name the SQLite file of the embedded CRM, e.g. data/crm.db.")
            : ValidateOptionsResult.Success;
}
