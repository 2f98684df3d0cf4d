using System.Collections.Immutable;
using CrmSuite.PlaybookEngine.Signals;

namespace CrmSuite.PlaybookEngine.Expressions;

/// <summary>A compiled condition: tests an account's signals without allocating.</summary>
internal delegate bool ConditionTest(in SignalVector signals);

/// <summary>A condition compiled once from its text, with the signals it reads (for the reason of an effect).</summary>
internal sealed record CompiledCondition(string Text, ConditionTest Test, ImmutableArray<int> SignalOrdinals);

/// <summary>A problem in a condition, at a 0-based index into its text.</summary>
internal sealed record ConditionProblem(int Index, string Code, string Message);
