using CrmSuite.DataverseEmulator.Schema;

namespace CrmSuite.DataverseEmulator.Plugins;

/// <summary>
/// The tables a webhook registration lives in (reference/entities: serviceendpoint, sdkmessage, sdkmessagefilter,
/// sdkmessageprocessingstep, sdkmessageprocessingstepimage), with the columns register-plugins and the pipeline use.
/// </summary>
internal static class RegistrationTables
{
    public static IEnumerable<TableDefinition> Create()
    {
        yield return ServiceEndpoint();
        yield return Message();
        yield return MessageFilter();
        yield return Step();
        yield return StepImage();
    }

    private static TableDefinition ServiceEndpoint()
    {
        var table = New("ServiceEndpoint", "serviceendpoints", "serviceendpointid", "ServiceEndpointId", 256);
        table.AddColumn(new ColumnDefinition("description", "Description", ColumnType.Memo) { MaxLength = 2000 });
        table.AddColumn(new ColumnDefinition("url", "Url", ColumnType.String) { MaxLength = 2000 });
        table.AddColumn(new ColumnDefinition("contract", "Contract", ColumnType.Picklist));
        table.AddColumn(new ColumnDefinition("authtype", "AuthType", ColumnType.Picklist));
        // Not valid for read: the pipeline moves it out of the row as it is written (see PluginPipeline).
        table.AddColumn(new ColumnDefinition("authvalue", "AuthValue", ColumnType.String) { MaxLength = 2048 });
        table.AddColumn(new ColumnDefinition("isauthvalueset", "IsAuthValueSet", ColumnType.Boolean) { IsSystemSet = true });
        table.AddColumn(new ColumnDefinition("connectionmode", "ConnectionMode", ColumnType.Picklist));
        table.AddColumn(new ColumnDefinition("messageformat", "MessageFormat", ColumnType.Picklist));
        StandardTables.AddSystemColumns(table);
        return table;
    }

    private static TableDefinition Message()
    {
        var table = New("SdkMessage", "sdkmessages", "sdkmessageid", "SdkMessageId", 256);
        StandardTables.AddSystemColumns(table);
        return table;
    }

    private static TableDefinition MessageFilter()
    {
        var table = New("SdkMessageFilter", "sdkmessagefilters", "sdkmessagefilterid", "SdkMessageFilterId", 256);
        table.AddColumn(new ColumnDefinition("primaryobjecttypecode", "PrimaryObjectTypeCode", ColumnType.String) { MaxLength = 100 });
        table.AddColumn(new ColumnDefinition("secondaryobjecttypecode", "SecondaryObjectTypeCode", ColumnType.String) { MaxLength = 100 });
        table.AddColumn(new ColumnDefinition("iscustomprocessingstepallowed", "IsCustomProcessingStepAllowed", ColumnType.Boolean));
        table.AddColumn(Lookup("sdkmessageid", "SdkMessageId", "sdkmessage"));
        StandardTables.AddSystemColumns(table);
        return table;
    }

    private static TableDefinition Step()
    {
        var table = New("SdkMessageProcessingStep", "sdkmessageprocessingsteps", "sdkmessageprocessingstepid", "SdkMessageProcessingStepId", 256,
            new Dictionary<int, int[]> { [0] = [1], [1] = [2] });
        table.AddColumn(new ColumnDefinition("description", "Description", ColumnType.String) { MaxLength = 256 });
        table.AddColumn(new ColumnDefinition("stage", "Stage", ColumnType.Picklist));
        table.AddColumn(new ColumnDefinition("mode", "Mode", ColumnType.Picklist));
        table.AddColumn(new ColumnDefinition("rank", "Rank", ColumnType.Integer));
        table.AddColumn(new ColumnDefinition("filteringattributes", "FilteringAttributes", ColumnType.String) { MaxLength = 100000 });
        table.AddColumn(new ColumnDefinition("asyncautodelete", "AsyncAutoDelete", ColumnType.Boolean));
        table.AddColumn(new ColumnDefinition("supporteddeployment", "SupportedDeployment", ColumnType.Picklist));
        table.AddColumn(new ColumnDefinition("invocationsource", "InvocationSource", ColumnType.Picklist));
        table.AddColumn(Lookup("sdkmessageid", "SdkMessageId", "sdkmessage"));
        table.AddColumn(Lookup("sdkmessagefilterid", "SdkMessageFilterId", "sdkmessagefilter"));
        table.AddColumn(new ColumnDefinition("eventhandler", "EventHandler", ColumnType.Lookup)
        {
            Targets = [new LookupTarget("serviceendpoint", "eventhandler_serviceendpoint")],
        });
        StandardTables.AddStateAndStatus(table);
        StandardTables.AddSystemColumns(table);
        return table;
    }

    private static TableDefinition StepImage()
    {
        var table = New("SdkMessageProcessingStepImage", "sdkmessageprocessingstepimages", "sdkmessageprocessingstepimageid", "SdkMessageProcessingStepImageId", 256);
        table.AddColumn(new ColumnDefinition("entityalias", "EntityAlias", ColumnType.String) { MaxLength = 256 });
        table.AddColumn(new ColumnDefinition("imagetype", "ImageType", ColumnType.Picklist));
        table.AddColumn(new ColumnDefinition("messagepropertyname", "MessagePropertyName", ColumnType.String) { MaxLength = 256 });
        table.AddColumn(new ColumnDefinition("attributes", "Attributes", ColumnType.String) { MaxLength = 100000 });
        table.AddColumn(Lookup("sdkmessageprocessingstepid", "SdkMessageProcessingStepId", "sdkmessageprocessingstep"));
        StandardTables.AddSystemColumns(table);
        return table;
    }

    private static TableDefinition New(
        string schemaName, string set, string primaryId, string primaryIdSchema, int nameLength, IReadOnlyDictionary<int, int[]>? states = null)
    {
        var table = new TableDefinition(schemaName, set, primaryId, "name", isCustom: false)
        {
            OwnershipType = "OrganizationOwned",
            PrivilegeName = schemaName,
            StateStatus = states ?? new Dictionary<int, int[]>(),
        };
        table.AddColumn(StandardTables.PrimaryKey(primaryId, primaryIdSchema));
        table.AddColumn(new ColumnDefinition("name", "Name", ColumnType.String) { MaxLength = nameLength, IsPrimaryName = true });
        return table;
    }

    private static ColumnDefinition Lookup(string logicalName, string schemaName, string target) =>
        new(logicalName, schemaName, ColumnType.Lookup) { Targets = [new LookupTarget(target, logicalName)] };
}
