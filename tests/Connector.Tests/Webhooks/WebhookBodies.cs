using System.Globalization;

namespace CrmSuite.Connector.Tests.Webhooks;

/// <summary>
/// RemoteExecutionContext bodies shaped as Dataverse posts them (see tests/Plugins.Tests/Fixtures for real ones): an
/// asynchronous post-operation Update whose Target holds the changed columns and whose post image holds the rest.
/// </summary>
internal static class WebhookBodies
{
    private const string Contracts = "http://schemas.microsoft.com/xrm/2011/Contracts";

    public static string TaskCompleted(string taskId, string stepKey, string accountId, Guid operationId, int depth = 1, int statecode = 1) => Context(
        "Update", "task", taskId, operationId, depth,
        target: $$"""[{"key":"activityid","value":"{{taskId}}"},{"key":"statecode","value":{{Option(statecode)}}},{"key":"statuscode","value":{{Option(5)}}}]""",
        postImage: $$$"""[{"key":"cs_stepkey","value":"{{{stepKey}}}"},{"key":"cs_outcome","value":"reached"},{"key":"statecode","value":{{{Option(statecode)}}}},{"key":"regardingobjectid","value":{"__type":"EntityReference:{{{Contracts}}}","Id":"{{{accountId}}}","KeyAttributes":[],"LogicalName":"account","Name":null,"RowVersion":null}}]""");

    /// <summary>A seller saving a quote's discount: synchronous pre-operation, the deal's other columns in the pre-image.</summary>
    public static string QuoteDiscount(decimal discountPercent, string tier, int seats, string billing, int years)
    {
        var quote = Guid.NewGuid().ToString();
        var body = Context(
            "Update", "quote", quote, Guid.NewGuid(), 1,
            target: $$"""[{"key":"quoteid","value":"{{quote}}"},{"key":"discountpercentage","value":{{discountPercent.ToString(CultureInfo.InvariantCulture)}}}]""",
            postImage: "[]");
        var pre = $$"""[{"key":"cs_tier","value":"{{tier}}"},{"key":"cs_seats","value":{{seats.ToString(CultureInfo.InvariantCulture)}}},{"key":"cs_billingperiod","value":"{{billing}}"},{"key":"cs_termyears","value":{{years.ToString(CultureInfo.InvariantCulture)}}},{"key":"cs_currency","value":"USD"}]""";
        return body
            .Replace("\"Mode\":1,", "\"Mode\":0,", StringComparison.Ordinal)
            .Replace("\"Stage\":40", "\"Stage\":20", StringComparison.Ordinal)
            .Replace("\"PreEntityImages\":[]", $$"""
                "PreEntityImages":[{"key":"pre","value":{{Entity("quote", quote, pre)}}}]
                """.Trim(), StringComparison.Ordinal);
    }

    /// <summary>A body Dataverse stripped for size: no input parameters, no images, no parent context.</summary>
    public static string Stripped(string entity, string rowId, Guid operationId) =>
        $$"""{"BusinessUnitId":"{{Guid.Empty}}","CorrelationId":"{{Guid.NewGuid()}}","Depth":1,"InitiatingUserId":"{{Guid.NewGuid()}}","InputParameters":[],"IsExecutingOffline":false,"IsInTransaction":false,"IsOfflinePlayback":false,"IsolationMode":1,"MessageName":"Update","Mode":1,"OperationCreatedOn":"\/Date(1735689600000)\/","OperationId":"{{operationId}}","OrganizationId":"{{Guid.NewGuid()}}","OrganizationName":"contoso","OutputParameters":[],"OwningExtension":{"Id":"{{Guid.NewGuid()}}","KeyAttributes":[],"LogicalName":"sdkmessageprocessingstep","Name":null,"RowVersion":null},"ParentContext":null,"PostEntityImages":[],"PreEntityImages":[],"PrimaryEntityId":"{{rowId}}","PrimaryEntityName":"{{entity}}","RequestId":null,"SecondaryEntityName":"none","SharedVariables":[],"Stage":40,"UserAzureActiveDirectoryObjectId":"{{Guid.NewGuid()}}","UserId":"{{Guid.NewGuid()}}"}""";

    private static string Option(int value) => $$"""{"__type":"OptionSetValue:{{Contracts}}","Value":{{value.ToString(CultureInfo.InvariantCulture)}}}""";

    private static string Entity(string entity, string rowId, string attributes) =>
        $$"""{"__type":"Entity:{{Contracts}}","Attributes":{{attributes}},"EntityState":null,"FormattedValues":[],"Id":"{{rowId}}","KeyAttributes":[],"LogicalName":"{{entity}}","RelatedEntities":[],"RowVersion":"1234"}""";

    private static string Context(string message, string entity, string rowId, Guid operationId, int depth, string target, string postImage) =>
        $$"""{"BusinessUnitId":"{{Guid.Empty}}","CorrelationId":"{{Guid.NewGuid()}}","Depth":{{depth.ToString(CultureInfo.InvariantCulture)}},"InitiatingUserId":"{{Guid.NewGuid()}}","InputParameters":[{"key":"Target","value":{{Entity(entity, rowId, target)}}}],"IsExecutingOffline":false,"IsInTransaction":false,"IsOfflinePlayback":false,"IsolationMode":1,"MessageName":"{{message}}","Mode":1,"OperationCreatedOn":"\/Date(1735689600000)\/","OperationId":"{{operationId}}","OrganizationId":"{{Guid.NewGuid()}}","OrganizationName":"contoso","OutputParameters":[],"OwningExtension":{"Id":"{{Guid.NewGuid()}}","KeyAttributes":[],"LogicalName":"sdkmessageprocessingstep","Name":null,"RowVersion":null},"ParentContext":null,"PostEntityImages":[{"key":"post","value":{{Entity(entity, rowId, postImage)}}}],"PreEntityImages":[],"PrimaryEntityId":"{{rowId}}","PrimaryEntityName":"{{entity}}","RequestId":null,"SecondaryEntityName":"none","SharedVariables":[],"Stage":40,"UserAzureActiveDirectoryObjectId":"{{Guid.NewGuid()}}","UserId":"{{Guid.NewGuid()}}"}""";
}
