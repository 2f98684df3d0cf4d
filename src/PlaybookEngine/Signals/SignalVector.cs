using System.Runtime.CompilerServices;

namespace CrmSuite.PlaybookEngine.Signals;

/// <summary>
/// An account's signal values, inline in a struct so the hot evaluation path reads them without touching the heap.
/// Index by <see cref="SignalDefinition.Ordinal"/>. Enums hold their value's index, booleans 0/1, dates a day number,
/// durations days, percents a fraction. A missing value is NaN, and every comparison with it is false.
/// </summary>
public struct SignalVector
{
    internal const int Capacity = 32;

    private Buffer _values;

    internal static SignalVector Empty()
    {
        var vector = default(SignalVector);
        ((Span<double>)vector._values).Fill(double.NaN);
        return vector;
    }

    /// <summary>The value of the signal with this ordinal; NaN when missing.</summary>
    public double this[int ordinal]
    {
        readonly get => _values[ordinal];
        set => _values[ordinal] = value;
    }

    internal readonly bool Has(int ordinal) => !double.IsNaN(_values[ordinal]);

    [InlineArray(Capacity)]
    private struct Buffer
    {
        private double _element;
    }
}
