using CrmSuite.Plugins.Parsing;

namespace CrmSuite.Plugins.Tests.Parsing;

public sealed class DataContractDateTests
{
    [Theory]
    [InlineData("/Date(1735689600000)/", "2025-01-01T00:00:00+00:00")]
    [InlineData("/Date(1735689600000+0000)/", "2025-01-01T00:00:00+00:00")]
    [InlineData("/Date(1506409448000-0700)/", "2017-09-26T00:04:08-07:00")]
    [InlineData("/Date(-86400000)/", "1969-12-31T00:00:00+00:00")]
    [InlineData("/Date(-86400000+0530)/", "1969-12-31T05:30:00+05:30")]
    public void The_milliseconds_are_the_UTC_instant_and_the_offset_only_the_zone_shown(string text, string expected)
    {
        Assert.True(DataContractDate.TryParse(text, out var value));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).Offset, value.Offset);
    }

    [Theory]
    [InlineData("2025-01-01T00:00:00Z")]
    [InlineData("/Date()/")]
    [InlineData("/Date(abc)/")]
    [InlineData("/Date(1735689600000+07)/")]
    [InlineData("/Date(1735689600000+2500)/")]
    [InlineData("/Date(99999999999999999999)/")]
    [InlineData("/Date(253402300799999+1400)/")]
    public void Anything_else_is_not_a_date(string text) => Assert.False(DataContractDate.TryParse(text, out _));
}
