namespace CrmSuite.DataverseEmulator;

/// <summary>How one emulated organisation starts.</summary>
public sealed record EmulatorOptions
{
    /// <summary>The bearer token requests must carry; anything else answers 401.</summary>
    public string AccessToken { get; init; } = "emulator-token";

    /// <summary>The tenant named in the 401 challenge's authorization_uri (clients discover the tenant from it).</summary>
    public Guid TenantId { get; init; } = new("72f988bf-86f1-41af-91ab-2d7cd011db47");

    /// <summary>The application user the token stands for (WhoAmI's UserId); seeded as a systemuser row.</summary>
    public Guid ApplicationUserId { get; init; } = new("a5c7f0f4-0000-4000-8000-000000000001");

    public Guid OrganizationId { get; init; } = new("0e9c4a7b-0000-4000-8000-000000000002");
    public Guid BusinessUnitId { get; init; } = new("bb0e1f57-0000-4000-8000-000000000003");

    /// <summary>Metadata reads of a new alternate key that still answer Pending before its index turns Active (0: Active at once).</summary>
    public int KeyActivationReads { get; init; } = 1;

    /// <summary>The organisation's change-tracking retention (ExpireChangeTrackingInDays): older delta tokens are expired.</summary>
    public TimeSpan ChangeTrackingRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Clock for createdon/modifiedon and delta token expiry; FakeTimeProvider in tests.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
