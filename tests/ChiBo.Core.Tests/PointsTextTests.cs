namespace ChiBo.Core.Tests;

/// <summary>Points as users read them: a comma before the one decimal kept, no trailing zero, whole numbers bare.</summary>
public sealed class PointsTextTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("0.0", "0")]
    [InlineData("3", "3")]
    [InlineData("3.00", "3")]
    [InlineData("7.5", "7,5")]
    [InlineData("7.50", "7,5")]
    [InlineData("2.96", "3")]
    [InlineData("0.04", "0")]
    [InlineData("100", "100")]
    [InlineData("12345", "12345")]
    [InlineData("2000000", "2000000")]
    [InlineData("-1.5", "-1,5")]
    [InlineData("-2", "-2")]
    public void Points_print_with_at_most_one_decimal_after_a_comma(string value, string expected) =>
        Assert.Equal(expected, Vietnamese.Points(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
}
