namespace ChiBo.Core.Tests;

/// <summary>Months and quarters as users type them ("11/2026", "Q4/2026") and as the bot writes them.</summary>
public sealed class YearMonthTests
{
    [Theory]
    [InlineData("11/2026", 2026, 11)]
    [InlineData("1/2026", 2026, 1)]
    [InlineData("01/2026", 2026, 1)]
    [InlineData("11-2026", 2026, 11)]
    [InlineData("11.2026", 2026, 11)]
    [InlineData(" 11 / 2026 ", 2026, 11)]
    [InlineData("2026-11", 2026, 11)]
    [InlineData("2026-3", 2026, 3)]
    [InlineData("tháng 11/2026", 2026, 11)]
    [InlineData("Tháng 12/2026", 2026, 12)]
    [InlineData("THÁNG 1/2027", 2027, 1)]
    public void A_month_is_read_in_the_usual_forms(string text, int year, int month)
    {
        Assert.True(YearMonth.TryParse(text, out var value));
        Assert.Equal(new YearMonth(year, month), value);
        Assert.Equal(value, YearMonth.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("13/2026")]
    [InlineData("0/2026")]
    [InlineData("11/26")]        // two-digit year
    [InlineData("2026/11")]
    [InlineData("11/1999")]      // before 2000
    [InlineData("11/2101")]
    [InlineData("tháng mười một")]
    [InlineData("Q4/2026")]      // a quarter, not a month
    [InlineData("11/2026 nhé")]
    [InlineData("١١/٢٠٢٦")]      // Arabic-Indic digits: used to throw instead of returning false
    [InlineData("１１/２０２６")] // full-width digits: likewise
    public void Anything_else_is_not_a_month(string? text)
    {
        Assert.False(YearMonth.TryParse(text, out var value));
        Assert.Equal(default, value);
    }

    [Fact]
    public void Parse_says_what_it_expected()
    {
        var ex = Assert.Throws<FormatException>(() => YearMonth.Parse("tháng mười một"));

        Assert.Equal("Not a month: 'tháng mười một'. Expected e.g. 11/2026.", ex.Message);
    }

    [Fact]
    public void A_month_is_written_the_Vietnamese_way_and_keyed_for_sorting()
    {
        var nov = new YearMonth(2026, 11);

        Assert.Equal("11/2026", nov.ToString());
        Assert.Equal("tháng 11/2026", nov.ToVietnamese());
        Assert.Equal("2026-11", nov.Key);
        Assert.Equal("2027-01", new YearMonth(2027, 1).Key);
    }

    [Fact]
    public void Months_step_across_years_and_know_their_days_and_quarter()
    {
        Assert.Equal(new YearMonth(2026, 12), new YearMonth(2027, 1).Previous);
        Assert.Equal(new YearMonth(2027, 1), new YearMonth(2026, 12).Next);
        Assert.Equal(new YearMonth(2026, 10), new YearMonth(2026, 11).Previous);
        Assert.Equal(new DateOnly(2028, 2, 1), new YearMonth(2028, 2).FirstDay);
        Assert.Equal(new DateOnly(2028, 2, 29), new YearMonth(2028, 2).LastDay); // leap year
        Assert.Equal(new DateOnly(2026, 2, 28), new YearMonth(2026, 2).LastDay);
        Assert.Equal(new YearMonth(2026, 11), YearMonth.Of(new DateOnly(2026, 11, 3)));
        Assert.Equal(new Quarter(2026, 1), new YearMonth(2026, 3).Quarter);
        Assert.Equal(new Quarter(2026, 2), new YearMonth(2026, 4).Quarter);
        Assert.Equal(new Quarter(2026, 4), new YearMonth(2026, 12).Quarter);
    }

    [Fact]
    public void Months_compare_in_calendar_order()
    {
        var dec2026 = new YearMonth(2026, 12);
        var jan2027 = new YearMonth(2027, 1);

        Assert.True(dec2026 < jan2027);
        Assert.True(jan2027 > dec2026);
        Assert.True(dec2026 <= new YearMonth(2026, 12));
        Assert.True(jan2027 >= dec2026);
        Assert.False(jan2027 < dec2026);
        Assert.Equal([new YearMonth(2025, 12), dec2026, jan2027], new[] { jan2027, new YearMonth(2025, 12), dec2026 }.Order());
    }

    [Theory]
    [InlineData("Q4/2026", 2026, 4)]
    [InlineData("q4-2026", 2026, 4)]
    [InlineData("Q1.2027", 2027, 1)]
    [InlineData("Q2 2026", 2026, 2)]
    [InlineData("quý 3/2026", 2026, 3)]
    [InlineData("Quý 4/2026", 2026, 4)]
    [InlineData("quý IV/2026", 2026, 4)]   // the way the bot writes it
    [InlineData("Quý ii/2026", 2026, 2)]
    [InlineData("QUÝ III 2026", 2026, 3)]
    [InlineData("qI/2026", 2026, 1)]
    public void A_quarter_is_read_in_the_usual_forms(string text, int year, int number)
    {
        Assert.True(Quarter.TryParse(text, out var value));
        Assert.Equal(new Quarter(year, number), value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("4/2026")]      // that is a month
    [InlineData("Q5/2026")]
    [InlineData("Q0/2026")]
    [InlineData("quý V/2026")]
    [InlineData("Q4/26")]
    [InlineData("Q4/1999")]
    [InlineData("Q4/2026 nhé")]
    [InlineData("Q4/٢٠٢٦")]     // Arabic-Indic digits: used to throw instead of returning false
    [InlineData("Q٤/2026")]
    public void Anything_else_is_not_a_quarter(string? text)
    {
        Assert.False(Quarter.TryParse(text, out var value));
        Assert.Equal(default, value);
    }

    [Theory]
    [InlineData(1, "Q1/2026", "quý I/2026", 1)]
    [InlineData(2, "Q2/2026", "quý II/2026", 4)]
    [InlineData(3, "Q3/2026", "quý III/2026", 7)]
    [InlineData(4, "Q4/2026", "quý IV/2026", 10)]
    public void A_quarter_is_written_both_ways_reads_back_and_has_three_months(int number, string shortForm, string vietnamese, int firstMonth)
    {
        var quarter = new Quarter(2026, number);

        Assert.Equal(shortForm, quarter.ToString());
        Assert.Equal(vietnamese, quarter.ToVietnamese());
        Assert.True(Quarter.TryParse(vietnamese, out var back));
        Assert.Equal(quarter, back);
        Assert.Equal(new YearMonth(2026, firstMonth), quarter.FirstMonth);
        Assert.Equal([new YearMonth(2026, firstMonth), new YearMonth(2026, firstMonth + 1), new YearMonth(2026, firstMonth + 2)], quarter.Months);
    }
}
