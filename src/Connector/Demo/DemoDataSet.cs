using System.Collections.Immutable;
using CrmSuite.Connector.Crm;
using CrmSuite.PlaybookEngine.Accounts;

namespace CrmSuite.Connector.Demo;

/// <summary>
/// A deterministic, realistic demo book of business: the same (count, seed, today) always yields the same data.
/// Segments drive tiers and seat counts; each account follows a usage archetype (growing, steady, new, at risk);
/// renewals fall across the coming year; some accounts run an upgrade trial, some are new logos on trial, a few have
/// churned, and a small share carries the impossible values real CRMs contain (for the quarantine to catch).
/// </summary>
internal sealed class DemoDataSet(int accounts, int seed, DateOnly today, double dirtyShare = 0.001)
{
    private static readonly string[] Adjectives =
        ["Northwind", "Blue Harbor", "Silverline", "Redwood", "Summit", "Brightpath", "Ironclad", "Evergreen", "Crescent", "Granite",
         "Lakeside", "Polaris", "Copperfield", "Meridian", "Oakridge", "Sunstone", "Clearwater", "Highland", "Keystone", "Tidewater"];

    private static readonly string[] Nouns =
        ["Analytics", "Health", "Logistics", "Foods", "Capital", "Robotics", "Learning", "Energy", "Retail", "Systems",
         "Labs", "Partners", "Clinics", "Motors", "Media", "Insurance", "Outfitters", "Bank", "Works", "Networks"];

    private static readonly string[] Suffixes = ["Inc", "Ltd", "GmbH", "LLC", "Group", "Co", "SA", "plc"];

    private static readonly string[] FirstNames =
        ["Ava", "Noah", "Mia", "Liam", "Zoe", "Ethan", "Ines", "Omar", "Lena", "Kai", "Sofia", "Mateo", "Priya", "Jonas", "Amara", "Hugo"];

    private static readonly string[] LastNames =
        ["Garcia", "Chen", "Okafor", "Muller", "Rossi", "Kowalski", "Nakamura", "Silva", "Dubois", "Haddad", "Larsen", "Novak", "Singh", "Brennan"];

    private static readonly (string Industry, int Weight)[] IndustryWeights =
        [("software", 24), ("healthcare", 12), ("financial_services", 14), ("retail", 12), ("manufacturing", 14), ("education", 8),
         ("public_sector", 6), ("other", 10)];

    // The shipped price book's list prices per seat and month (playbooks/pricebook.md), so an upgrade priced by the offers
    // engine moves MRR by what the tiers really differ, not by a gap between the demo's prices and the price book's.
    private static readonly Dictionary<(string Tier, string Currency), decimal> ListPrices = new()
    {
        [("free", "USD")] = 0m, [("free", "EUR")] = 0m, [("free", "JPY")] = 0m,
        [("starter", "USD")] = 15m, [("starter", "EUR")] = 14m, [("starter", "JPY")] = 2200m,
        [("professional", "USD")] = 45m, [("professional", "EUR")] = 42m, [("professional", "JPY")] = 6500m,
        [("enterprise", "USD")] = 90m, [("enterprise", "EUR")] = 84m, [("enterprise", "JPY")] = 13000m,
    };

    /// <summary>The MRR of <paramref name="seats"/> seats of a tier at list price, annual billing 15% off as the price book says.</summary>
    public static decimal Mrr(string tier, int seats, string currency, bool annual) =>
        Math.Round(seats * ListPrices[(tier, currency)] * (annual ? 0.85m : 1m), currency == "JPY" ? 0 : 2, MidpointRounding.ToEven);

    public int CsmCount => Math.Max(3, accounts / 400);

    public IEnumerable<CrmUser> Users()
    {
        var random = new Random(seed ^ 0x5EED);
        var csms = CsmCount;
        var managers = Math.Max(1, csms / 8);
        for (var i = 1; i <= csms + managers; i++)
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            var id = $"U{i:D4}";
            yield return new CrmUser(id, $"{first} {last}", $"{first}.{last}.{i}@crmsuite.example".ToLowerInvariant(), i <= csms ? "csm" : "manager");
        }
    }

    public IEnumerable<DemoAccount> Accounts()
    {
        var random = new Random(seed);
        for (var i = 1; i <= accounts; i++)
        {
            yield return Next(random, i);
        }
    }

    private DemoAccount Next(Random r, int index)
    {
        var id = $"A{index:D7}";
        var segmentRoll = r.NextDouble();
        var segment = segmentRoll < 0.6 ? "smb" : segmentRoll < 0.9 ? "mid_market" : "enterprise";
        var industry = Weighted(r, IndustryWeights);
        var archetypeRoll = r.NextDouble();
        var archetype = archetypeRoll < 0.5 ? UsageTrend.Steady : archetypeRoll < 0.75 ? UsageTrend.Growing : archetypeRoll < 0.9 ? UsageTrend.New : UsageTrend.AtRisk;
        var tier = Tier(r, segment);
        var seats = segment switch
        {
            "smb" => LogUniform(r, 3, 25),
            "mid_market" => LogUniform(r, 25, 200),
            _ => LogUniform(r, 200, 2000),
        };
        if (tier == "free")
        {
            seats = Math.Min(seats, 5);
        }

        var utilization = archetype switch
        {
            UsageTrend.Growing => 0.85 + (r.NextDouble() * 0.2),
            UsageTrend.Steady => 0.55 + (r.NextDouble() * 0.3),
            UsageTrend.New => 0.3 + (r.NextDouble() * 0.4),
            _ => 0.2 + (r.NextDouble() * 0.3),
        };
        var capped = tier is "free" or "starter";
        var seatsUsed = (int)Math.Round(seats * utilization);
        seatsUsed = Math.Clamp(seatsUsed, 1, capped ? seats : (int)(seats * 1.1));

        var annual = r.NextDouble() < (segment == "enterprise" ? 0.9 : 0.6);
        var term = annual ? Weighted(r, [(12, 70), (24, 20), (36, 10)]) : 1;
        var ageDays = archetype == UsageTrend.New ? r.Next(10, 90) : r.Next(90, 1500);
        var start = today.AddDays(-ageDays);
        var renewal = start.AddMonths(term);
        while (renewal <= today)
        {
            renewal = renewal.AddMonths(term);
        }

        var currencyRoll = r.NextDouble();
        var currency = currencyRoll < 0.85 ? "USD" : currencyRoll < 0.95 ? "EUR" : "JPY";
        var mrr = Mrr(tier, seats, currency, annual);

        var statusRoll = r.NextDouble();
        var status = SubscriptionStatus.Active;
        string? trialTier = null;
        DateOnly? trialEnd = null;
        DateOnly? renewalDate = renewal;
        if (statusRoll < 0.03)
        {
            // A new logo evaluating the product: no revenue yet, no renewal.
            status = SubscriptionStatus.Trial;
            trialTier = "professional";
            trialEnd = today.AddDays(r.Next(1, 15));
            tier = "starter";
            seatsUsed = Math.Min(seatsUsed, seats);
            mrr = 0m;
            renewalDate = null;
            start = today.AddDays(-r.Next(1, 14));
        }
        else if (statusRoll < 0.06)
        {
            status = SubscriptionStatus.Cancelled;
            renewalDate = null;
        }
        else if (statusRoll < 0.10 && tier != "enterprise")
        {
            // A paying account trying the next tier up.
            trialTier = NextTier(tier);
            trialEnd = today.AddDays(r.Next(-3, 30));
        }

        var lifecycle = status switch
        {
            SubscriptionStatus.Trial => "trial",
            SubscriptionStatus.Cancelled => "churned",
            _ when ageDays < 90 => "onboarding",
            _ when renewal.DayNumber - today.DayNumber <= 90 => "renewal",
            _ when archetype == UsageTrend.Growing => "expansion",
            _ => "adoption",
        };

        var subscription = new Subscription($"{id}-S1", id, "crmsuite", tier, seats, seatsUsed, annual ? BillingPeriod.Annual : BillingPeriod.Monthly,
            term, start, renewalDate, mrr, currency, status, trialTier, trialEnd);
        if (r.NextDouble() < dirtyShare)
        {
            subscription = Dirty(r, subscription);
        }

        var subscriptions = ImmutableArray.Create(subscription);
        if (segment != "smb" && status == SubscriptionStatus.Active && r.NextDouble() < 0.05)
        {
            var addOnSeats = Math.Max(5, seats / 4);
            subscriptions = subscriptions.Add(new Subscription($"{id}-S2", id, "crmsuite-analytics", "professional", addOnSeats,
                Math.Min(addOnSeats, (int)(addOnSeats * utilization)), subscription.BillingPeriod, term, start, renewalDate,
                Math.Round(addOnSeats * (currency == "JPY" ? 1300m : 9m), currency == "JPY" ? 0 : 2), currency, SubscriptionStatus.Active));
        }

        var health = archetype switch
        {
            UsageTrend.AtRisk => r.Next(15, 45),
            UsageTrend.New => r.Next(50, 80),
            UsageTrend.Growing => r.Next(70, 98),
            _ => r.Next(55, 90),
        };
        var healthChange = archetype == UsageTrend.AtRisk ? r.Next(-30, -5) : r.Next(-8, 12);
        var usage = new UsageSnapshot(
            id,
            today,
            Math.Max(0, (int)(seatsUsed * (0.7 + (r.NextDouble() * 0.3)))),
            Math.Round((decimal)(archetype == UsageTrend.AtRisk ? 0.1 + (r.NextDouble() * 0.3) : 0.35 + (r.NextDouble() * 0.6)), 2),
            health,
            healthChange,
            archetype == UsageTrend.AtRisk ? r.Next(1, 7) : r.Next(0, 3),
            r.NextDouble() < 0.3 ? null : archetype == UsageTrend.AtRisk ? r.Next(-80, 10) : r.Next(-10, 80),
            Math.Round((decimal)(utilization * (0.85 + (r.NextDouble() * 0.15))), 3),
            Math.Round((decimal)(archetype switch
            {
                UsageTrend.Growing => 0.05 + (r.NextDouble() * 0.3),
                UsageTrend.AtRisk => -0.3 + (r.NextDouble() * 0.2),
                _ => -0.05 + (r.NextDouble() * 0.1),
            }), 3),
            archetype == UsageTrend.AtRisk ? r.Next(5, 45) : r.Next(0, 4));

        var name = $"{Adjectives[r.Next(Adjectives.Length)]} {Nouns[r.Next(Nouns.Length)]} {Suffixes[r.Next(Suffixes.Length)]}";
        var csm = $"U{1 + ((index - 1) % CsmCount):D4}";
        var hourlyCost = segment switch { "smb" => r.Next(35, 70), "mid_market" => r.Next(50, 95), _ => r.Next(70, 140) };
        var account = new Account(id, name, segment, industry, lifecycle, csm, hourlyCost);
        return new DemoAccount(account, subscriptions, usage, archetype);
    }

    private static Subscription Dirty(Random r, Subscription s) => r.Next(4) switch
    {
        0 => s with { Seats = -s.Seats },
        1 => s with { Tier = "starter", SeatsUsed = s.Seats + r.Next(1, 10) },
        2 => s with { Status = SubscriptionStatus.Active, RenewalDate = null },
        _ => s with { Tier = "platinum" },
    };

    private static string Tier(Random r, string segment)
    {
        var roll = r.NextDouble();
        return segment switch
        {
            "smb" => roll < 0.15 ? "free" : roll < 0.65 ? "starter" : roll < 0.95 ? "professional" : "enterprise",
            "mid_market" => roll < 0.2 ? "starter" : roll < 0.75 ? "professional" : "enterprise",
            _ => roll < 0.3 ? "professional" : "enterprise",
        };
    }

    private static string NextTier(string tier) => tier switch
    {
        "free" => "starter",
        "starter" => "professional",
        _ => "enterprise",
    };

    private static int LogUniform(Random r, int min, int max) =>
        (int)Math.Round(Math.Exp(Math.Log(min) + (r.NextDouble() * (Math.Log(max) - Math.Log(min)))));

    private static T Weighted<T>(Random r, (T Value, int Weight)[] choices)
    {
        var total = 0;
        foreach (var c in choices)
        {
            total += c.Weight;
        }

        var roll = r.Next(total);
        foreach (var c in choices)
        {
            if (roll < c.Weight)
            {
                return c.Value;
            }

            roll -= c.Weight;
        }

        return choices[^1].Value;
    }
}
