using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ChiBo.Bot.Tests.Files;

/// <summary>Opens an .xlsx with the Open XML SDK (the library that wrote it) and reads cells as a clerk would see them.</summary>
public sealed class XlsxReader : IDisposable
{
    private readonly MemoryStream _stream;
    private readonly SpreadsheetDocument _doc;

    public XlsxReader(byte[] bytes)
    {
        _stream = new MemoryStream(bytes);
        _doc = SpreadsheetDocument.Open(_stream, false);
    }

    public List<string> SheetNames => _doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!).ToList();

    public Worksheet Sheet(string name)
    {
        var sheet = _doc.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        return ((WorksheetPart)_doc.WorkbookPart.GetPartById(sheet.Id!)).Worksheet;
    }

    public Cell? Cell(string sheet, string reference) => Sheet(sheet).Descendants<Cell>().FirstOrDefault(c => c.CellReference == reference);

    /// <summary>Text for strings, the number's invariant text for numbers, null for an empty cell.</summary>
    public string? Value(string sheet, string reference) => Cell(sheet, reference) switch
    {
        null => null,
        { DataType: { } t } c when t.Value == CellValues.InlineString => c.InlineString!.InnerText,
        var c => c.CellValue?.Text,
    };

    public decimal Number(string sheet, string reference) => decimal.Parse(Value(sheet, reference)!, CultureInfo.InvariantCulture);

    /// <summary>The number format code applied to a cell ("0.0#"), or null for General.</summary>
    public string? FormatCode(string sheet, string reference)
    {
        var styles = _doc.WorkbookPart!.WorkbookStylesPart!.Stylesheet;
        var xf = styles.CellFormats!.Elements<CellFormat>().ElementAt((int)(Cell(sheet, reference)!.StyleIndex?.Value ?? 0));
        var id = xf.NumberFormatId?.Value ?? 0;
        return styles.NumberingFormats?.Elements<NumberingFormat>().FirstOrDefault(f => f.NumberFormatId?.Value == id)?.FormatCode?.Value;
    }

    /// <summary>The row number whose column B holds <paramref name="text"/>.</summary>
    public int RowOf(string sheet, string text, string column = "B") =>
        Sheet(sheet).Descendants<Row>().Single(r => r.Elements<Cell>().Any(c => c.CellReference == column + r.RowIndex && c.InnerText == text)).RowIndex!.Value is var v ? (int)v : 0;

    public void Dispose()
    {
        _doc.Dispose();
        _stream.Dispose();
    }
}
