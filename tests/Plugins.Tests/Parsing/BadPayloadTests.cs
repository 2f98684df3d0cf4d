using System.Text;
using CrmSuite.Plugins.Parsing;

namespace CrmSuite.Plugins.Tests.Parsing;

/// <summary>A body that is not a RemoteExecutionContext is refused with the JSON path at fault and what was expected.</summary>
public sealed class BadPayloadTests
{
    private const string Minimal = """{"MessageName":"Update","PrimaryEntityName":"task","Stage":40,"Mode":1,"Depth":1""";

    [Theory]
    [InlineData("not json at all", "$: not JSON")]
    [InlineData("[1, 2]", "$: expected a RemoteExecutionContext object, got a list")]
    [InlineData("""{"PrimaryEntityName":"task","Stage":40,"Mode":1,"Depth":1}""", "$.MessageName: missing")]
    [InlineData("""{"MessageName":"Update","PrimaryEntityName":"task","Stage":35,"Mode":1,"Depth":1}""", "$.Stage: expected 10, 20, 30 or 40, got 35")]
    [InlineData("""{"MessageName":"Update","PrimaryEntityName":"task","Stage":40,"Mode":"async","Depth":1}""", "$.Mode: expected a whole number, got \"async\"")]
    [InlineData("""{"MessageName":"Update","PrimaryEntityName":"task","Stage":40,"Mode":1}""", "$.Depth: missing")]
    [InlineData(Minimal + ""","PrimaryEntityId":"not-a-guid"}""", "$.PrimaryEntityId: expected a GUID, got \"not-a-guid\"")]
    [InlineData(Minimal + ""","InputParameters":{"Target":1}}""", "$.InputParameters: expected a list of key/value pairs, got an object")]
    [InlineData(Minimal + ""","InputParameters":[{"value":1}]}""", "$.InputParameters[0]: expected {\"key\": \"…\", \"value\": …}")]
    [InlineData(Minimal + ""","OperationCreatedOn":"yesterday"}""", "$.OperationCreatedOn: expected a /Date(milliseconds)/ date, got \"yesterday\"")]
    public void A_body_of_the_wrong_shape_names_the_path_and_what_was_expected(string body, string message)
    {
        var error = Assert.Throws<WebhookPayloadException>(() => RemoteExecutionContextParser.Parse(Encoding.UTF8.GetBytes(body)));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lookup_without_its_row_id_is_refused_at_its_attribute()
    {
        var body = Minimal
            + ""","InputParameters":[{"key":"Target","value":{"__type":"Entity:http://schemas.microsoft.com/xrm/2011/Contracts","""
            + """ "LogicalName":"task","Id":"6d81597f-0f9f-e711-8122-000d3aa2331c","Attributes":[{"key":"subject","value":"Call"},"""
            + """{"key":"regardingobjectid","value":{"__type":"EntityReference:http://schemas.microsoft.com/xrm/2011/Contracts","LogicalName":"account"}}]}}]}""";

        var error = Assert.Throws<WebhookPayloadException>(() => RemoteExecutionContextParser.Parse(Encoding.UTF8.GetBytes(body)));

        Assert.Equal("$.InputParameters[0].value.Attributes[1].value.Id", error.JsonPath);
    }

    [Fact]
    public void Nesting_deeper_than_any_context_is_refused_without_exhausting_the_stack()
    {
        var body = Minimal + ""","Extra":""" + new string('[', 10_000) + new string(']', 10_000) + "}";

        var error = Assert.Throws<WebhookPayloadException>(() => RemoteExecutionContextParser.Parse(Encoding.UTF8.GetBytes(body)));

        Assert.Contains("not JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains("64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_stripped_for_size_parses_with_no_target_and_says_so()
    {
        var context = RemoteExecutionContextParser.Parse(Encoding.UTF8.GetBytes(Minimal + ""","PrimaryEntityId":"6d81597f-0f9f-e711-8122-000d3aa2331c"}"""), sizeExceeded: true);

        Assert.True(context.SizeExceeded);
        Assert.Null(context.Target);
        Assert.Empty(context.PreImages);
        Assert.Equal(Guid.Parse("6d81597f-0f9f-e711-8122-000d3aa2331c"), context.PrimaryEntityId);
    }

    [Fact]
    public void Unknown_properties_and_typed_values_are_ignored_or_kept_raw()
    {
        var body = Minimal
            + ""","SomethingNew":{"a":[1,2]},"InputParameters":[{"key":"Target","value":{"__type":"Entity:x","LogicalName":"task","""
            + """ "Id":"6d81597f-0f9f-e711-8122-000d3aa2331c","Attributes":[{"key":"cs_future","value":{"__type":"BooleanManagedProperty:x","Value":true}}]}}]}""";

        var context = RemoteExecutionContextParser.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Equal("BooleanManagedProperty", Assert.IsType<CrmSuite.Plugins.Context.OtherValue>(context.Target!["cs_future"]).TypeName);
    }
}
