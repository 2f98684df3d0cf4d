namespace CrmSuite.PlaybookEngine.Offers;

/// <summary>
/// An outcome a tier brings, quantified for ROI: hours each active user saves per week thanks to this tier's features.
/// </summary>
public sealed record ValueDriver(string Name, decimal HoursPerUserPerWeek, string Description);
