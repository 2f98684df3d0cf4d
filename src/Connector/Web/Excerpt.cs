using System.Globalization;

namespace CrmSuite.Connector.Web;

/// <summary>What an error message may repeat of a client's input: its start, and how long it was when it is cut.</summary>
internal static class Excerpt
{
    public const int MaxLength = 80;

    public static string Of(string text)
    {
        if (text.Length <= MaxLength)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return string.Create(CultureInfo.InvariantCulture, $"{text[..cut]}… ({text.Length} characters)");
    }
}
