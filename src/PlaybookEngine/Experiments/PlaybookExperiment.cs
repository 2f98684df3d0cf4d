namespace CrmSuite.PlaybookEngine.Experiments;

/// <summary>
/// A playbook's experiment, from its front matter's <c>experiment:</c> and <c>holdout:</c>: the share of eligible accounts
/// kept out of the play as a control group, and the id that seeds which accounts those are.
/// </summary>
/// <param name="Id">The experiment id: lowercase letters, digits and <c>-</c>. Changing it reshuffles the assignment.</param>
/// <param name="HoldoutBasisPoints">The held-out share in basis points (10% is 1000), 0 to 5000.</param>
public sealed record PlaybookExperiment(string Id, int HoldoutBasisPoints)
{
    /// <summary>The largest share a playbook may hold out: 50%.</summary>
    public const int MaxHoldoutBasisPoints = 5000;

    /// <summary>The held-out share as a percentage, e.g. 10 for <c>holdout: 10%</c>.</summary>
    public decimal HoldoutPercent => HoldoutBasisPoints / 100m;
}
