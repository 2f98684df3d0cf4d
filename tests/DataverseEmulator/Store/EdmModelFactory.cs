using CrmSuite.DataverseEmulator.Schema;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;
using Microsoft.OData.Edm.Vocabularies;
using Microsoft.OData.Edm.Vocabularies.V1;

namespace CrmSuite.DataverseEmulator.Store;

/// <summary>
/// Builds the OData EDM model of the organisation's current tables: the same model serves URL parsing
/// (keys, alternate keys, $select, $filter, $orderby) and the $metadata CSDL document.
/// </summary>
internal static class EdmModelFactory
{
    public const string Namespace = "Microsoft.Dynamics.CRM";

    public static EdmModel Build(IEnumerable<TableDefinition> tables)
    {
        var model = new EdmModel();
        var baseType = new EdmEntityType(Namespace, "crmbaseentity", null, isAbstract: true, isOpen: false);
        model.AddElement(baseType);
        var container = new EdmEntityContainer(Namespace, "System");
        model.AddElement(container);

        var types = new Dictionary<string, EdmEntityType>(StringComparer.Ordinal);
        var sets = new Dictionary<string, EdmEntitySet>(StringComparer.Ordinal);
        var all = tables.ToList();
        foreach (var table in all)
        {
            var type = new EdmEntityType(Namespace, table.LogicalName, baseType);
            foreach (var column in table.Columns)
            {
                var property = type.AddStructuralProperty(column.ValuePropertyName, TypeOf(column));
                if (column.IsPrimaryId)
                {
                    type.AddKeys(property);
                }
            }
            model.AddElement(type);
            types[table.LogicalName] = type;
            sets[table.LogicalName] = container.AddEntitySet(table.EntitySetName, type);
        }
        foreach (var table in all)
        {
            AddNavigation(table, types, sets);
            AddAlternateKeys(model, table, types[table.LogicalName]);
            if (table.ChangeTrackingEnabled)
            {
                AnnotateChangeTracking(model, sets[table.LogicalName]);
            }
        }
        AddOperations(model, container, baseType, types);
        return model;
    }

    private static IEdmPrimitiveTypeReference TypeOf(ColumnDefinition column)
    {
        var core = EdmCoreModel.Instance;
        return column.Type switch
        {
            ColumnType.Uniqueidentifier => core.GetGuid(!column.IsPrimaryId),
            ColumnType.Lookup or ColumnType.Owner => core.GetGuid(true),
            ColumnType.String or ColumnType.Memo => core.GetString(isUnbounded: false, column.MaxLength, isUnicode: true, isNullable: true),
            ColumnType.Integer or ColumnType.Picklist or ColumnType.State or ColumnType.Status => core.GetInt32(true),
            ColumnType.BigInt => core.GetInt64(true),
            ColumnType.Decimal or ColumnType.Money => core.GetDecimal(null, column.Precision, true),
            ColumnType.Boolean => core.GetBoolean(true),
            ColumnType.DateTime => core.GetDateTimeOffset(true),
            ColumnType.DateOnly => core.GetDate(true),
            _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, "unknown column type"),
        };
    }

    private static void AddNavigation(TableDefinition table, Dictionary<string, EdmEntityType> types, Dictionary<string, EdmEntitySet> sets)
    {
        foreach (var column in table.Columns.Where(c => c.IsLookup))
        {
            foreach (var target in column.Targets.Where(t => types.ContainsKey(t.Table)))
            {
                var navigation = types[table.LogicalName].AddUnidirectionalNavigation(new EdmNavigationPropertyInfo
                {
                    Name = target.NavigationProperty,
                    Target = types[target.Table],
                    TargetMultiplicity = EdmMultiplicity.ZeroOrOne,
                });
                sets[table.LogicalName].AddNavigationTarget(navigation, sets[target.Table]);
            }
        }
    }

    // Dataverse declares alternate keys with the OData.Community.Keys.V1.AlternateKeys annotation.
    private static void AddAlternateKeys(EdmModel model, TableDefinition table, EdmEntityType type)
    {
        foreach (var key in table.Keys)
        {
            var properties = key.KeyAttributes.ToDictionary(
                a => table.Column(a)!.ValuePropertyName,
                a => (IEdmProperty)type.FindProperty(table.Column(a)!.ValuePropertyName));
            model.AddAlternateKeyAnnotation(type, properties);
        }
    }

    private static void AnnotateChangeTracking(EdmModel model, EdmEntitySet set)
    {
        var term = CapabilitiesVocabularyModel.Instance.FindDeclaredTerm("Org.OData.Capabilities.V1.ChangeTracking")!;
        var record = new EdmRecordExpression(new EdmPropertyConstructor("Supported", new EdmBooleanConstant(true)));
        var annotation = new EdmVocabularyAnnotation(set, term, record);
        annotation.SetSerializationLocation(model, EdmVocabularyAnnotationSerializationLocation.Inline);
        model.AddVocabularyAnnotation(annotation);
    }

    private static void AddOperations(EdmModel model, EdmEntityContainer container, EdmEntityType baseType, Dictionary<string, EdmEntityType> types)
    {
        var core = EdmCoreModel.Instance;
        var entity = new EdmEntityTypeReference(baseType, false);
        var entities = new EdmCollectionTypeReference(new EdmCollectionType(entity));

        // Query function used in $filter: Microsoft.Dynamics.CRM.In(PropertyName='x',PropertyValues=['a','b']).
        var inFunction = new EdmFunction(Namespace, "In", core.GetBoolean(false), isBound: true, entitySetPathExpression: null, isComposable: false);
        inFunction.AddParameter("entity", entity);
        inFunction.AddParameter("PropertyName", core.GetString(false));
        inFunction.AddParameter("PropertyValues", new EdmCollectionTypeReference(new EdmCollectionType(core.GetString(false))));
        model.AddElement(inFunction);

        foreach (var name in new[] { "CreateMultiple", "UpdateMultiple", "UpsertMultiple" })
        {
            var action = new EdmAction(Namespace, name, returnType: null, isBound: true, entitySetPathExpression: null);
            action.AddParameter("entityset", entities);
            action.AddParameter("Targets", entities);
            model.AddElement(action);
        }

        var whoAmI = new EdmFunction(Namespace, "WhoAmI", core.GetString(false), isBound: false, entitySetPathExpression: null, isComposable: false);
        model.AddElement(whoAmI);
        container.AddFunctionImport("WhoAmI", whoAmI);

        if (types.TryGetValue("systemuser", out var user))
        {
            var privileges = new EdmFunction(Namespace, "RetrieveUserPrivileges", core.GetString(false), isBound: true, entitySetPathExpression: null, isComposable: false);
            privileges.AddParameter("entity", new EdmEntityTypeReference(user, false));
            model.AddElement(privileges);
        }
    }
}
