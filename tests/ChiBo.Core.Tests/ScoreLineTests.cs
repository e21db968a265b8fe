using ChiBo.Core.Scoring;
using static ChiBo.Core.Tests.TestData;

namespace ChiBo.Core.Tests;

/// <summary>The quick-entry forms of a whole scoring form (issue: "The whole form at once"): 25 numbers in order,
/// "đủ điểm, trừ …", single items; every bad value refused with its reason and nothing taken from the line.</summary>
public sealed class ScoreLineTests
{
    private const string Review = "2 2 1 2 3 3 3 4 5 5 5 10 6 6 5 4 4 4 4 4 4 4 4 3 3"; // the paper form's maxima, 100
    private const string Mixed = "2 2 1 2 3 3 2 4 5 5 5 8,5 6 6 5 4 3.5 4 4 4 4 4 4 3 0";

    public static TheoryData<string, ScoreLineForm, string> Valid => new()
    {
        // text, form, "id=points" for the criteria that differ from the max (InOrder/FullExcept) or are given (Items)
        { Review, ScoreLineForm.InOrder, "" },
        { Mixed, ScoreLineForm.InOrder, "7=2 12=8.5 17=3.5 25=0" },
        { "  " + Review.Replace(" ", "  ") + "\n", ScoreLineForm.InOrder, "" },
        { Review.Replace(" ", "\n"), ScoreLineForm.InOrder, "" }, // one per line, pasted from a list
        { "đủ điểm", ScoreLineForm.FullExcept, "" },
        { "Đủ điểm, trừ 7: 2; 12: 8,5", ScoreLineForm.FullExcept, "7=2 12=8.5" },
        { "đủ điểm trừ 7: 2, 12: 8,5", ScoreLineForm.FullExcept, "7=2 12=8.5" },
        { "du diem, tru 7:2; 12:8.5", ScoreLineForm.FullExcept, "7=2 12=8.5" },
        { "tất cả đủ điểm, ngoại trừ tiêu chí 25: 1,5", ScoreLineForm.FullExcept, "25=1.5" },
        { "điểm tối đa, trừ 5: 0 và 6: 0", ScoreLineForm.FullExcept, "5=0 6=0" },
        { "7: 2, 12: 8,5", ScoreLineForm.Items, "7=2 12=8.5" },
        { "7: 2", ScoreLineForm.Items, "7=2" },
        { "7=2;12=10", ScoreLineForm.Items, "7=2 12=10" },
        { "tc7: 0,5\ntc12: 9", ScoreLineForm.Items, "7=0.5 12=9" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Each_form_is_read_to_the_scores_it_says(string text, ScoreLineForm form, string expected)
    {
        var result = ScoreLines.Parse(BacGiang, text);
        Assert.Null(result.Error);
        Assert.Equal(form, result.Line!.Form);
        var given = expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(x => x.Split('='))
            .ToDictionary(x => x[0], x => decimal.Parse(x[1], System.Globalization.CultureInfo.InvariantCulture));
        var want = form == ScoreLineForm.Items ? given : BacGiang.Criteria.ToDictionary(c => c.Id, c => given.TryGetValue(c.Id, out var p) ? p : c.MaxPoints);
        Assert.Equal(want.OrderBy(x => x.Key), result.Line.Scores.OrderBy(x => x.Key));
    }

    public static TheoryData<string, string> Refused => new()
    {
        // the case: several numbers typed at one criterion are never one score plus a note
        { "2 2 1 2 3 3", "Đồng chí gõ 6 số, nhưng biểu có 25 tiêu chí: cần đủ 25 số theo thứ tự tiêu chí. Không điểm nào được ghi." },
        { Review + " 3", "Đồng chí gõ 26 số, nhưng biểu có 25 tiêu chí" },
        { Review[..^2], "Đồng chí gõ 24 số" },
        { "4 5", "Đồng chí gõ 2 số" },
        // bad values, each named with its criterion and position
        { Review.Replace("10 6", "11 6"), "Tiêu chí 12 (số thứ 12): Điểm 11 nằm ngoài khoảng cho phép: tiêu chí này chấm từ 0 đến 10 điểm." },
        { "2,25" + Review[1..], "Tiêu chí 1 (số thứ 1): Điểm 2,25 nằm ngoài khoảng cho phép" },
        { "0,3" + Review[1..], "Tiêu chí 1 (số thứ 1): Điểm 0,3 không hợp lệ: chỉ chấm điểm nguyên hoặc nửa điểm" },
        { "-1" + Review[1..], "Tiêu chí 1 (số thứ 1): Điểm -1 nằm ngoài khoảng cho phép" },
        { "3 3" + Review[3..], "Tiêu chí 1 (số thứ 1): Điểm 3 nằm ngoài khoảng cho phép" }, // every bad one is listed…
        { "3 3" + Review[3..], "Tiêu chí 2 (số thứ 2): Điểm 3 nằm ngoài khoảng cho phép" }, // …not just the first
        { "2 2 mười 2 3", "\"mười\" không phải là số điểm." },
        { "đủ điểm, trừ 7: 4", "Tiêu chí 7: Điểm 4 nằm ngoài khoảng cho phép: tiêu chí này chấm từ 0 đến 3 điểm." },
        { "đủ điểm, trừ 7: hai", "Tiêu chí 7: \"hai\" không phải là số điểm." },
        { "đủ điểm, trừ 26: 1", "Không có tiêu chí 26: các tiêu chí đánh số từ 1 đến 25." },
        { "đủ điểm, trừ", "Chưa có mục nào sau \"trừ\"." },
        { "đủ điểm, trừ bảy", "Không hiểu \"bảy\": mỗi mục viết là số tiêu chí, dấu hai chấm, số điểm (ví dụ 7: 2)." },
        { "7: 2, 7: 3", "Tiêu chí 7 được gõ hai lần." },
        { "7: 2,12: 8,5", "Không hiểu \"7: 2,12: 8,5\"" }, // no space after the comma: not split, never misread
        { "12: 0,25", "Tiêu chí 12: Điểm 0,25 không hợp lệ" },
        { "0: 1", "Không có tiêu chí 0" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_line_that_cannot_be_read_as_written_is_refused_with_the_reason_and_the_forms(string text, string reason)
    {
        var result = ScoreLines.Parse(BacGiang, text);
        Assert.Null(result.Line);
        Assert.True(result.IsScoreLine);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Contains("Nhập nhanh cả biểu trong một tin nhắn", result.Error, StringComparison.Ordinal); // points to the forms
        Assert.Contains("đủ điểm, trừ 7: 2,5; 12: 9,5", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4")]
    [InlineData("4,5")]
    [InlineData("4 điểm")]
    [InlineData("2 vì chi ủy chưa họp")] // one score and its reason: the single-criterion answer, not a line
    [InlineData("đồng ý")]
    [InlineData("mười")]
    [InlineData("")]
    [InlineData("Kết luận: tiếp tục vận động")]
    [InlineData("٢ ٢ ١")] // digits of another script are no scores (ASCII digits only, as the dates and times)
    public void A_single_score_or_words_are_not_a_score_line(string text)
    {
        var result = ScoreLines.Parse(BacGiang, text);
        Assert.False(result.IsScoreLine);
    }

    [Fact]
    public void A_five_group_rubric_takes_five_numbers()
    {
        Assert.Equal([15m, 5m, 45.5m, 15m, 10m], ScoreLines.Parse(ThaiBinh, "15 5 45,5 15 10").Line!.Scores.OrderBy(s => s.Key).Select(s => s.Value));
        Assert.Contains("Đồng chí gõ 25 số, nhưng biểu có 5 tiêu chí", ScoreLines.Parse(ThaiBinh, Review).Error, StringComparison.Ordinal);
        Assert.Contains("đủ điểm, trừ 1: 14,5; 2: 4,5", ScoreLines.Parse(ThaiBinh, "1 2").Error, StringComparison.Ordinal);
    }
}
