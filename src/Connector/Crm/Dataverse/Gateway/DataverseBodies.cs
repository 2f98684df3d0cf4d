using System.Buffers;
using System.Text;
using System.Text.Json;
using CrmSuite.PlaybookEngine.Runtime;

namespace CrmSuite.Connector.Crm.Dataverse.Gateway;

/// <summary>The JSON bodies of the rows the gateway writes, column by column as docs/dataverse-schema.md names them.</summary>
internal static class DataverseBodies
{
    private const int DescriptionLength = 2000;

    public static byte[] Write(Action<Utf8JsonWriter> columns)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        // Relaxed escaping: the bodies go to the Web API, never into HTML, and stay readable in logs and captures.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            columns(json);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Task(CrmTask task, string? ownerId, string reasonJson) => Write(json =>
    {
        json.WriteString("subject", Limit(task.Subject, 200));
        json.WriteString("description", Description(task));
        json.WriteString("scheduledend", OData.Timestamp(new DateTimeOffset(task.Due.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
        json.WriteNumber("prioritycode", DataverseRows.PriorityCode(task.Priority));
        json.WriteString("cs_priority", DataverseRows.PriorityName(task.Priority));
        json.WriteString("cs_createdat", OData.Timestamp(task.CreatedAt));
        json.WriteString("regardingobjectid_account_task@odata.bind", $"/accounts({OData.Guid(task.AccountId)})");
        if (ownerId is not null)
        {
            json.WriteString("ownerid@odata.bind", $"/systemusers({OData.Guid(ownerId)})");
        }

        json.WriteString("cs_playbook", task.PlaybookId);
        json.WriteNumber("cs_playbookversion", task.PlaybookVersion);
        json.WriteString("cs_state", task.State);
        json.WriteNumber("cs_step", task.Step);
        json.WriteString("cs_ownerrole", task.OwnerRole);
        json.WriteString("cs_outcomes", string.Join(',', task.Outcomes));
        json.WriteString("cs_reason", reasonJson);
    });

    public static byte[] Proposal(CrmProposal proposal, string reasonJson) => Write(json =>
    {
        json.WriteString("cs_name", Limit($"{proposal.OfferId} ({proposal.PlaybookId})", 200));
        json.WriteString("cs_AccountId@odata.bind", $"/accounts({OData.Guid(proposal.AccountId)})");
        json.WriteString("cs_playbook", proposal.PlaybookId);
        json.WriteNumber("cs_playbookversion", proposal.PlaybookVersion);
        json.WriteString("cs_state", proposal.State);
        json.WriteNumber("cs_step", proposal.Step);
        json.WriteString("cs_offerid", proposal.OfferId);
        json.WriteString("cs_issuedon", OData.Date(proposal.IssuedOn));
        json.WriteString("cs_expireson", OData.Date(proposal.ExpiresOn));
        json.WriteString("cs_status", "issued");
        if (proposal.Terms is { } terms)
        {
            json.WriteString("cs_terms", JsonSerializer.Serialize(terms, CrmJson.Default.ProposalTerms));
        }

        if (proposal.DocumentHtml is { } document)
        {
            json.WriteString("cs_document", document);
        }

        json.WriteString("cs_reason", reasonJson);
    });

    /// <summary>A stage row; its name is the key of the transition that wrote it (the stage's provenance).</summary>
    public static byte[] Stage(CrmPlaybookStage stage, string reasonJson) => Write(json =>
    {
        json.WriteString("cs_name", stage.Key);
        json.WriteString("cs_AccountId@odata.bind", $"/accounts({OData.Guid(stage.AccountId)})");
        json.WriteString("cs_playbook", stage.PlaybookId);
        json.WriteNumber("cs_playbookversion", stage.PlaybookVersion);
        json.WriteString("cs_stage", stage.Stage);
        json.WriteNumber("cs_step", stage.Step);
        json.WriteString("cs_enteredon", OData.Timestamp(stage.EnteredAt));
        json.WriteString("cs_reason", reasonJson);
    });

    /// <summary>A task CrmSuite cancels because its playbook moved on: canceled (statecode 2, statuscode 6) with why.</summary>
    public static byte[] SupersededTask(string why, DateTimeOffset at) => Write(json =>
    {
        json.WriteNumber("statecode", 2);
        json.WriteNumber("statuscode", 6);
        json.WriteString("cs_closedreason", Limit(why, 2000));
        json.WriteString("actualend", OData.Timestamp(at));
    });

    public static byte[] WithdrawnProposal(DateTimeOffset at) => Write(json =>
    {
        json.WriteString("cs_status", "withdrawn");
        json.WriteString("cs_answeredon", OData.Timestamp(at));
    });

    /// <summary>
    /// The task as plain text for people: the state and subject, why it was opened, the outcomes to choose from. Control
    /// characters other than line breaks are dropped and markup characters are left out, so whatever renders the column
    /// shows text only; cut to the column's 2000 characters.
    /// </summary>
    public static string Description(CrmTask task)
    {
        var text = $"{task.State}: {task.Subject}\n{ProvenanceText.Of(task.Reason)}\nOutcomes: {string.Join(", ", task.Outcomes)}\nPlaybook: {task.PlaybookId} v{task.PlaybookVersion}"
            + (task.Variant is { } v ? $"\nMessage variant: {v.Variant} of {v.Set} (experiment {v.Experiment})" : "");
        var safe = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '\n' || (!char.IsControl(c) && c is not '<' and not '>'))
            {
                safe.Append(c);
            }
        }

        return Limit(safe.ToString(), DescriptionLength);
    }

    public static string Limit(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    public static string ReasonJson(Reason reason) => JsonSerializer.Serialize(reason, CrmJson.Default.Reason);
}
