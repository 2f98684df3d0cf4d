using CrmSuite.Plugins.Context;
using CrmSuite.Plugins.Parsing;

namespace CrmSuite.Plugins.Tests.Parsing;

/// <summary>Bodies Dataverse really posted (tests/Plugins.Tests/Fixtures) parse into the context a handler reads.</summary>
public sealed class RealPayloadTests
{
    public static TheoryData<string> Samples() => [.. Fixture.Names];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_real_sample_parses_with_its_message_table_and_stage(string name)
    {
        var context = RemoteExecutionContextParser.Parse(Fixture.Bytes(name));

        Assert.Contains(context.MessageName, new[] { "Create", "Update" });
        Assert.Contains($"-{context.PrimaryEntityName}-", name, StringComparison.Ordinal);
        Assert.Equal(PipelineStage.PostOperation, context.Stage);
        Assert.NotNull(context.Target);
        Assert.Equal(context.PrimaryEntityName, context.Target.LogicalName);
    }

    [Fact]
    public void The_documented_contact_update_carries_its_dates_lookups_nulls_images_and_parent_context()
    {
        var context = RemoteExecutionContextParser.Parse(Fixture.Bytes("real-docs-contact-update-async-postop.json"));

        Assert.Equal(ExecutionMode.Asynchronous, context.Mode);
        Assert.Equal(1, context.Depth);
        Assert.Equal(Guid.Parse("6d81597f-0f9f-e711-8122-000d3aa2331c"), context.PrimaryEntityId);
        Assert.Equal(Guid.Parse("aaaa0000-bb11-2222-33cc-444444dddddd"), context.CorrelationId);
        var target = context.Target!;
        Assert.Equal("James", target.Text("firstname"));
        Assert.Equal(new DateValue(DateTimeOffset.FromUnixTimeMilliseconds(1506384247000)), target["modifiedon"]);
        Assert.Equal(new EntityReferenceValue("systemuser", Guid.Parse("11bb11bb-cc22-dd33-ee44-55ff55ff55ff"), null), target["modifiedby"]);
        Assert.Same(NullValue.Instance, target["modifiedonbehalfby"]);
        Assert.Null(target["lastname"]);
        Assert.True(context.PostImages.ContainsKey(PluginContext.AsynchronousPrimaryNameImage));
        Assert.Empty(context.PreImages);
        // "/Date(1506409448000-0700)/": the milliseconds are the instant; the offset only says where it was written.
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1506409448000), context.OperationCreatedOn);
        Assert.Equal(TimeSpan.FromHours(-7), context.OperationCreatedOn!.Value.Offset);
        Assert.Equal(PipelineStage.MainOperation, context.ParentContext!.Stage);
    }

    [Fact]
    public void Every_column_type_reads_as_its_typed_value()
    {
        var target = RemoteExecutionContextParser.Parse(Fixture.Bytes("real-albxrm_alltypes-create-async-postop.json")).Target!;

        Assert.Equal(new BooleanValue(true), target["albxrm_twooptions"]);
        Assert.Equal(987654321m, target.Number("albxrm_wholenumber"));
        Assert.Equal(new MoneyValue(2154.32m), target["albxrm_currency"]);
        Assert.Equal(2154.32m, target.Number("albxrm_currency"));
        Assert.Equal(257760001, target.Option("albxrm_optionset"));
        Assert.Equal([257760001, 257760002], Assert.IsType<OptionSetValues>(target["albxrm_multiselectoptionset"]).Values.ToArray());
        Assert.Equal(10.01m, target.Number("albxrm_decimal"));
        Assert.Equal(2365.12m, target.Number("albxrm_float"));
        Assert.Equal("sdafasf\nasdfas\nafsd", target.Text("albxrm_multiplelinesoftext"));
        Assert.Equal("account", target.Reference("albxrm_lookupaccount")!.LogicalName);
        Assert.Equal("Yes", target.FormattedValues["albxrm_twooptions"]);
        Assert.Equal(0, target.Option("statecode"));
    }

    [Fact]
    public void An_activity_closed_through_SetState_carries_only_its_state_with_the_parties_in_the_pre_image()
    {
        var context = RemoteExecutionContextParser.Parse(Fixture.Bytes("real-new_customactivity-update-after-setstate-async-postop.json"));

        Assert.Equal(3, context.Target!.Option("statecode"));
        Assert.Equal(4, context.Target.Option("statuscode"));
        Assert.False(context.Target.Contains("description"));
        var before = context.PreImages["Image"];
        Assert.Equal(0, before.Option("statecode"));
        Assert.Equal("asdf", before.Text("description"));
        var parties = Assert.IsType<EntityCollectionValue>(before["from"]).Entities;
        Assert.Equal("contact", Assert.Single(parties).Reference("partyid")!.LogicalName);
        // The value after the operation comes from the target when the operation set it, not from the image before it.
        Assert.Equal(new OptionSetValue(3), context.Current("statecode"));
        Assert.Equal(new TextValue("asdf"), context.Current("description"));
    }

    [Fact]
    public void A_synchronous_create_is_in_the_transaction_and_returns_the_new_id()
    {
        var context = RemoteExecutionContextParser.Parse(Fixture.Bytes("real-msdyn_agentstatus-create-sync-postop.json"));

        Assert.Equal(ExecutionMode.Synchronous, context.Mode);
        Assert.True(context.IsInTransaction);
        Assert.IsType<TextValue>(context.OutputParameters["id"]);
        Assert.Empty(context.PostImages);
    }

    [Fact]
    public void A_value_type_the_parser_does_not_model_is_kept_raw_rather_than_refused()
    {
        var context = RemoteExecutionContextParser.Parse(Fixture.Bytes("real-sharepointdocumentlocation-create-async-postop.json"));

        var query = Assert.IsType<OtherValue>(context.ParentContext!.InputParameters["Query"]);
        Assert.Equal("QueryExpression", query.TypeName);
        Assert.Contains("\"EntityName\"", query.Json, StringComparison.Ordinal);
    }
}
