using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>Renders a <see cref="Proposal"/> as JSON (snake_case names, enums as strings, money as amount + currency).</summary>
public static class ProposalJsonRenderer
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        // The output is a JSON document, not HTML-embedded script, so '+', '<' and quotes need no \u escapes.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The proposal as indented JSON.</summary>
    public static string Render(Proposal proposal) => JsonSerializer.Serialize(proposal, Options);
}
