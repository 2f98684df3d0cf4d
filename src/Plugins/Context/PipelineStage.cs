namespace CrmSuite.Plugins.Context;

/// <summary>Where in Dataverse's event pipeline a step runs (the step's <c>stage</c>).</summary>
internal enum PipelineStage
{
    /// <summary>Before the main operation, outside its transaction: a refusal here costs nothing.</summary>
    PreValidation = 10,

    /// <summary>Before the main operation, inside its transaction.</summary>
    PreOperation = 20,

    /// <summary>The main operation itself (seen only as a parent context).</summary>
    MainOperation = 30,

    /// <summary>After the main operation; asynchronous steps run here once the transaction has committed.</summary>
    PostOperation = 40,
}

/// <summary>How Dataverse ran the step (<c>Mode</c>): inside the user's request, or later as a system job.</summary>
internal enum ExecutionMode
{
    Synchronous = 0,
    Asynchronous = 1,
}
