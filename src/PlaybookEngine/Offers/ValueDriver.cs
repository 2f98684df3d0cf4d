namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// An outcome a tier brings, quantified for ROI: hours each active user saves per week thanks to this tier's features.
/// </summary>
/// <param name="Name">A short name, e.g. <c>Shared pipelines</c>.</param>
/// <param name="HoursPerUserPerWeek">Hours each active user saves per week.</param>
/// <param name="Description">What the saving comes from, for the proposal.</param>
public sealed record ValueDriver(string Name, decimal HoursPerUserPerWeek, string Description);
