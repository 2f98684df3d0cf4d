using CrmSuite.PlaybookEngine.Runtime;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Tests.Runtime;

/// <summary>A task's subject is rendered with the account's values: every variable it names, and whole roots it iterates.</summary>
public sealed class TaskSubjectTemplateTests
{
    private static string SubjectOf(string subject, params (int Ordinal, double Value)[] signals)
    {
        var playbook = RuntimeFixture.Compile(RuntimeFixture.Playbook($"""
            ## Watching

            ### Transitions

            - when `active_users_30d >= 10` -> CheckIn

            ## CheckIn

            ### Tasks

            - {subject}
              - due: 3 days
              - outcomes: done

            ### Transitions

            - on outcome done -> Done

            ## Done (final)
            """));
        var fixture = new RuntimeFixture();
        var result = playbook.Evaluate(playbook.Start("acc-1", fixture.Clock.GetUtcNow()),
            fixture.Context(RuntimeFixture.Signals([(SignalOrdinals.ActiveUsers30d, 12), .. signals])));
        return Assert.Single(result.Effects.OfType<TaskEffect>()).Subject;
    }

    [Fact]
    public void A_subject_renders_each_account_signal_playbook_and_state_value_it_names()
    {
        var subject = SubjectOf(
            "{{ account.name }} {{ account.segment }} {{ account.csm }} {{ account.seats }}/{{ account.seats_used }} {{ signals.seat_utilization | percent }} {{ signals.active_users_30d }} {{ playbook.title }} v{{ playbook.version }} {{ state.name }}",
            (SignalOrdinals.Seats, 50), (SignalOrdinals.SeatsUsed, 45), (SignalOrdinals.SeatUtilization, 0.9));

        Assert.Equal("Contoso mid_market csm-ana 50/45 90% 12 Test play v1 CheckIn", subject);
    }

    [Fact]
    public void A_subject_that_reads_a_whole_root_sees_all_of_its_fields()
    {
        Assert.Equal("11 fields", SubjectOf("{{ account | size }} fields"));
    }

    [Fact]
    public void A_signal_the_account_has_no_value_for_renders_empty()
    {
        Assert.Equal("renews  (n/a)", SubjectOf("renews {{ account.renewal_date }} ({{ signals.days_to_renewal | days }})"));
    }

    [Fact]
    public void Every_account_field_of_the_template_table_renders_its_own_value()
    {
        var subject = SubjectOf(
            "{{ account.id }}|{{ account.name }}|{{ account.segment }}|{{ account.industry }}|{{ account.lifecycle_stage }}|{{ account.csm }}|" +
            "{{ account.tier }}|{{ account.seats }}|{{ account.seats_used }}|{{ account.renewal_date }}|{{ account.mrr }}|{{ playbook.id }}",
            (SignalOrdinals.Tier, SignalCatalog.Tiers.IndexOf("professional")), (SignalOrdinals.Seats, 50), (SignalOrdinals.SeatsUsed, 45),
            (SignalOrdinals.RenewalDate, new DateOnly(2027, 3, 1).DayNumber), (SignalOrdinals.Mrr, 1250));

        Assert.Equal("acc-1|Contoso|mid_market|retail|adoption|csm-ana|professional|50|45|2027-03-01|1250|test-play", subject);
    }

    [Fact]
    public void Enum_date_and_flag_signals_reach_a_template_as_the_words_an_author_writes()
    {
        var subject = SubjectOf(
            "{{ signals.tier }} {{ signals.renewal_date }} {{ signals.churn_risk }} {{ signals.in_trial }}",
            (SignalOrdinals.Tier, SignalCatalog.Tiers.IndexOf("starter")), (SignalOrdinals.RenewalDate, new DateOnly(2027, 3, 1).DayNumber),
            (SignalOrdinals.ChurnRisk, 1), (SignalOrdinals.InTrial, 0));

        Assert.Equal("starter 2027-03-01 true false", subject);
    }
}
