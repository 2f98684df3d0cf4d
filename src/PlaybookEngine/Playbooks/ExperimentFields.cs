using System.Globalization;
using System.Text.RegularExpressions;
using CrmSuite.PlaybookEngine.Experiments;

namespace CrmSuite.PlaybookEngine.Playbooks;

/// <summary>
/// Reads the front matter's <c>holdout:</c> (a percentage from 0% to 50%, at most two decimals) and <c>experiment:</c>
/// (an id like a playbook id). A holdout needs an experiment id; an experiment without a holdout holds no one out (its
/// message variants still split by it).
/// </summary>
internal static partial class ExperimentFields
{
    public static PlaybookExperiment? Read(YamlFields fields)
    {
        var hasHoldout = fields.Node("holdout") is not null;
        var hasExperiment = fields.Node("experiment") is not null;
        if (!hasHoldout && !hasExperiment)
        {
            return null;
        }

        var (experiment, experimentPosition) = fields.Text("experiment", required: false);
        if (experiment is not null && !IdPattern().IsMatch(experiment))
        {
            fields.Error(experimentPosition, "PB071",
                $"field `experiment` must use lowercase letters, digits and '-', got `{experiment}` (did you mean `{Suggest(experiment)}`?)");
            experiment = null;
        }

        var share = hasHoldout ? ReadShare(fields) : 0;
        if (hasHoldout && !hasExperiment)
        {
            fields.Error(fields.PositionOf(fields.Node("holdout")!), "PB071",
                "`holdout` needs an experiment id, which decides which accounts are held out; add e.g. `experiment: my-play-2026-q1` to the front matter");
        }

        return experiment is null || share is null ? null : new PlaybookExperiment(experiment, share.Value);
    }

    /// <summary>The share in basis points, or null after reporting PB070.</summary>
    private static int? ReadShare(YamlFields fields)
    {
        var (text, position) = fields.Text("holdout", required: false);
        if (text is null)
        {
            return null;
        }

        var trimmed = text.Trim();
        if (!trimmed.EndsWith('%'))
        {
            var hint = decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var bare)
                ? bare is > 0 and < 1 ? $" (did you mean `{bare * 100:0.##}%`?)" : $" (did you mean `{trimmed}%`?)"
                : "";
            fields.Error(position, "PB070", $"field `holdout` is a percentage of eligible accounts written with `%`, e.g. `10%`; got `{text}`{hint}");
            return null;
        }

        var number = trimmed[..^1].TrimEnd();
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent)
            || decimal.Round(percent, 2) != percent)
        {
            fields.Error(position, "PB070", $"field `holdout` must be a percentage with at most two decimals, e.g. `10%` or `2.5%`; got `{text}`");
            return null;
        }

        var basisPoints = (int)(percent * 100);
        if (basisPoints > PlaybookExperiment.MaxHoldoutBasisPoints)
        {
            fields.Error(position, "PB070",
                $"field `holdout` is {text}, but at most 50% of eligible accounts may be held out, or the play reaches too few to measure; e.g. `holdout: 10%`");
            return null;
        }

        return basisPoints;
    }

    private static string Suggest(string id)
    {
        var lowered = NonId().Replace(id.ToLowerInvariant(), "-").Trim('-');
        return lowered.Length == 0 ? "my-experiment" : lowered;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonId();
}
