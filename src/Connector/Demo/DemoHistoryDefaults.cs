namespace CrmSuite.Connector.Demo;

/// <summary>How much history a demo seed plays by default, and at most.</summary>
internal static class DemoHistoryDefaults
{
    /// <summary>About four months: long enough for renewals, trials and answered proposals to show.</summary>
    public const int Days = 120;

    /// <summary>Three years.</summary>
    public const int MaxDays = 1096;
}
