using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace ChiBo.Bot.Files;

/// <summary>
/// A party document in Word (.docx) with the Open XML SDK, in the usual layout: the issuing body on the left and
/// "ĐẢNG CỘNG SẢN VIỆT NAM" with the place and date on the right, a centred title, the body, and signature blocks,
/// in Times New Roman 13 on A4 (margins 20/20/30/15 mm). <see cref="Papers"/> decides what goes in.
/// </summary>
public sealed class Docx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string FontName = "Times New Roman";

    private readonly Body _body = new();

    /// <summary>The two-column heading: the cell (and the body above it) on the left, the party's name and the date on the right.</summary>
    public Docx Heading(string upperBody, string issuer, string placeAndDate)
    {
        var table = Table([28, 72], borders: false);
        var row = new TableRow();
        row.Append(Cell([Para(upperBody.ToUpperInvariant(), JustificationValues.Center), Para(issuer.ToUpperInvariant(), JustificationValues.Center, bold: true), Para("*", JustificationValues.Center)]));
        row.Append(Cell([Para("ĐẢNG CỘNG SẢN VIỆT NAM", JustificationValues.Center, bold: true, underline: true), Para(placeAndDate, JustificationValues.Center, italic: true)]));
        table.Append(row);
        _body.Append(table);
        return this;
    }

    public Docx Title(string title, string? subtitle = null)
    {
        _body.Append(Para(""), Para(title.ToUpperInvariant(), JustificationValues.Center, bold: true, size: 14));
        if (subtitle is not null) _body.Append(Para(subtitle, JustificationValues.Center, bold: true));
        _body.Append(Para(""));
        return this;
    }

    public Docx Text(string text, bool bold = false, bool italic = false)
    {
        _body.Append(Para(text, JustificationValues.Both, bold, italic));
        return this;
    }

    /// <summary>A bordered table: header row in bold, then the rows; widths in percent of the page.</summary>
    public Docx Grid(IReadOnlyList<string> headers, IReadOnlyList<int> widths, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<bool>? centred = null)
    {
        var table = Table(widths, borders: true);
        var head = new TableRow(new TableRowProperties(new TableHeader()));
        foreach (var h in headers) head.Append(Cell([Para(h, JustificationValues.Center, bold: true)]));
        table.Append(head);
        foreach (var r in rows)
        {
            var row = new TableRow();
            var bold = r.Count > 1 && r[1].StartsWith("Tổng", StringComparison.Ordinal);
            for (var i = 0; i < r.Count; i++)
                row.Append(Cell([Para(r[i], centred is not null && centred[i] ? JustificationValues.Center : JustificationValues.Left, bold)]));
            table.Append(row);
        }
        _body.Append(table);
        return this;
    }

    /// <summary>Signature blocks side by side: each a title ("T/M CHI ỦY", "BÍ THƯ"), room to sign, the name.</summary>
    public Docx Signatures(params (string[] Titles, string Name)[] blocks)
    {
        _body.Append(Para(""));
        var table = Table(blocks.Select(_ => 100 / blocks.Length).ToList(), borders: false);
        var row = new TableRow();
        foreach (var (titles, name) in blocks)
        {
            var paras = titles.Select(t => Para(t.ToUpperInvariant(), JustificationValues.Center, bold: true)).ToList();
            paras.Add(Para("(Ký, ghi rõ họ tên)", JustificationValues.Center, italic: true));
            paras.AddRange(Enumerable.Range(0, 3).Select(_ => Para("")));
            paras.Add(Para(name, JustificationValues.Center, bold: true));
            row.Append(Cell(paras));
        }
        table.Append(row);
        _body.Append(table);
        return this;
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = FontName, HighAnsi = FontName, ComplexScript = FontName, EastAsia = FontName },
                    new FontSize { Val = "26" }, new FontSizeComplexScript { Val = "26" }, new Languages { Val = "vi-VN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "60", Line = "276", LineRule = LineSpacingRuleValues.Auto }))));
            var body = (Body)_body.CloneNode(true);
            // A4, margins top 20, bottom 20, left 30, right 15 mm (1 mm ≈ 56.7 twips).
            body.Append(new SectionProperties(
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1701, Right = 851, Header = 567, Footer = 567 }));
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    /// <summary>Every paragraph's text, in order (tables included): what a test reads back.</summary>
    public static List<string> ReadParagraphs(byte[] docx)
    {
        using var stream = new MemoryStream(docx);
        using var doc = WordprocessingDocument.Open(stream, false);
        return doc.MainDocumentPart!.Document!.Body!.Descendants<Paragraph>().Select(p => p.InnerText).ToList();
    }

    private static Paragraph Para(string text, JustificationValues? align = null, bool bold = false, bool italic = false, bool underline = false, int size = 13)
    {
        var props = new RunProperties();
        if (bold) props.Append(new Bold());
        if (italic) props.Append(new Italic());
        if (underline) props.Append(new Underline { Val = UnderlineValues.Single });
        if (size != 13) props.Append(new FontSize { Val = (size * 2).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var paragraph = new Paragraph(new ParagraphProperties(new Justification { Val = align ?? JustificationValues.Left }));
        var lines = text.Split('\n');
        var run = new Run(props);
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) run.Append(new Break());
            run.Append(new Text(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
        }
        paragraph.Append(run);
        return paragraph;
    }

    private static Table Table(IReadOnlyList<int> widthsPercent, bool borders)
    {
        BorderType Line<T>() where T : BorderType, new() => new T { Val = borders ? BorderValues.Single : BorderValues.Nil, Size = 4 };
        var table = new Table(new TableProperties(
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
            new TableBorders(Line<TopBorder>(), Line<BottomBorder>(), Line<LeftBorder>(), Line<RightBorder>(), Line<InsideHorizontalBorder>(), Line<InsideVerticalBorder>()),
            new TableLayout { Type = TableLayoutValues.Fixed }));
        var grid = new TableGrid();
        foreach (var w in widthsPercent) grid.Append(new GridColumn { Width = (w * 93).ToString(System.Globalization.CultureInfo.InvariantCulture) }); // of ~9354 twips
        table.Append(grid);
        return table;
    }

    private static TableCell Cell(IEnumerable<Paragraph> paragraphs)
    {
        var cell = new TableCell(new TableCellProperties(new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center }));
        cell.Append(paragraphs);
        return cell;
    }
}
