using ScottPlot;

namespace ChiBo.Bot.Files;

/// <summary>
/// PNG charts with ScottPlot. Labels are Vietnamese, so the font is the bundled DejaVu Sans (Files/Fonts, with
/// every diacritic), loaded by file: the machine's fonts are never used.
/// </summary>
public static class Charts
{
    public const string ContentType = "image/png";
    public const int Width = 1000;
    public const int Height = 560;
    private const string FontName = "ChiBo DejaVu Sans";

    private static readonly Lock Gate = new();
    private static bool _fontsLoaded;

    /// <summary>The rating bands of a month's total (DOMAIN.md), shaded behind a cell's months.</summary>
    private static readonly (double From, double To, string Label, Color Color)[] Bands =
    [
        (0, 50, "Kém", Color.FromHex("#F8D7DA")), (50, 70, "Trung bình", Color.FromHex("#FFF3CD")),
        (70, 90, "Khá", Color.FromHex("#D1ECF1")), (90, 100, "Tốt", Color.FromHex("#D4EDDA")),
    ];

    /// <summary>A cell's twelve monthly totals (null: no posted result), over the rating bands.</summary>
    public static byte[] CellYear(string title, IReadOnlyList<decimal?> totals, IReadOnlyList<string>? bandLabels = null)
    {
        var plot = NewPlot(title);
        foreach (var (band, i) in Bands.Select((b, i) => (b, i)))
        {
            var span = plot.Add.VerticalSpan(band.From, band.To);
            span.FillStyle.Color = band.Color;
            span.LineStyle.Width = 0;
            var label = plot.Add.Text(bandLabels?[i] ?? band.Label, 12.6, (band.From + band.To) / 2);
            label.LabelFontName = FontName;
            label.LabelFontSize = 13;
            label.LabelAlignment = Alignment.MiddleRight;
            label.LabelFontColor = Colors.DimGray;
        }
        var bars = totals.Select((t, i) => new Bar { Position = i + 1, Value = (double)(t ?? 0), FillColor = Color.FromHex("#1F4E79"), Size = 0.6 })
            .Where((_, i) => totals[i] is not null).ToList();
        foreach (var b in bars) b.Label = ChiBo.Core.Vietnamese.Points((decimal)b.Value);
        var series = plot.Add.Bars(bars);
        series.ValueLabelStyle.FontName = FontName;
        series.ValueLabelStyle.FontSize = 13;
        plot.Axes.Bottom.SetTicks(Enumerable.Range(1, 12).Select(m => (double)m).ToArray(), Enumerable.Range(1, 12).Select(m => $"T{m}").ToArray());
        plot.Axes.SetLimits(0.4, 12.8, 0, 105);
        plot.Axes.Left.Label.Text = "Tổng điểm";
        return Render(plot);
    }

    /// <summary>A committee's month: the cells' totals as horizontal bars, highest on top.</summary>
    public static byte[] Ranking(string title, IReadOnlyList<(string Name, decimal Total)> cells)
    {
        var plot = NewPlot(title);
        var sorted = cells.OrderBy(c => c.Total).ToList();
        var bars = sorted.Select((c, i) => new Bar
        {
            Position = i, Value = (double)c.Total, Label = ChiBo.Core.Vietnamese.Points(c.Total), Size = 0.7,
            FillColor = Color.FromHex(c.Total >= 90 ? "#2E7D32" : c.Total >= 70 ? "#1565C0" : c.Total >= 50 ? "#F9A825" : "#C62828"),
        }).ToList();
        var series = plot.Add.Bars(bars);
        series.Horizontal = true;
        series.ValueLabelStyle.FontName = FontName;
        plot.Axes.Left.SetTicks(sorted.Select((_, i) => (double)i).ToArray(), sorted.Select(c => c.Name).ToArray());
        plot.Axes.SetLimits(0, 105, -0.6, Math.Max(sorted.Count, 1) - 0.4);
        plot.Axes.Bottom.Label.Text = "Tổng điểm";
        return Render(plot, height: Math.Max(Height, 120 + 28 * sorted.Count));
    }

    /// <summary>How many cells got each annual rating (or each monthly rating in a year).</summary>
    public static byte[] Distribution(string title, IReadOnlyList<(string Label, int Count)> counts)
    {
        var plot = NewPlot(title);
        var colors = new[] { "#2E7D32", "#1565C0", "#F9A825", "#C62828", "#9E9E9E" };
        var bars = counts.Select((c, i) => new Bar
        {
            Position = i, Value = c.Count, Label = c.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Size = 0.6,
            FillColor = Color.FromHex(colors[Math.Min(i, colors.Length - 1)]),
        }).ToList();
        var series = plot.Add.Bars(bars);
        series.ValueLabelStyle.FontName = FontName;
        series.ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.SetTicks(counts.Select((_, i) => (double)i).ToArray(), counts.Select(c => c.Label).ToArray());
        plot.Axes.SetLimits(-0.6, counts.Count - 0.4, 0, Math.Max(1, counts.Max(c => c.Count)) * 1.15);
        plot.Axes.Left.Label.Text = "Số chi bộ";
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        return Render(plot);
    }

    private static Plot NewPlot(string title)
    {
        LoadFonts();
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title, size: 18);
        plot.Axes.Title.Label.FontName = FontName;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.08);
        return plot;
    }

    private static byte[] Render(Plot plot, int width = Width, int height = Height)
    {
        lock (Gate) return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static void LoadFonts()
    {
        lock (Gate)
        {
            if (_fontsLoaded) return;
            var dir = Path.Combine(AppContext.BaseDirectory, "Files", "Fonts");
            Fonts.AddFontFile(FontName, Path.Combine(dir, "DejaVuSans.ttf"), bold: false, italic: false);
            Fonts.AddFontFile(FontName, Path.Combine(dir, "DejaVuSans-Bold.ttf"), bold: true, italic: false);
            Fonts.Default = FontName;
            _fontsLoaded = true;
        }
    }
}
