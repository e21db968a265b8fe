using System.Text.RegularExpressions;
using ChiBo.Core.Meetings;

namespace ChiBo.Bot.Flows;

/// <summary>
/// What a member types in the group during an open check-in, read as people write it: "có", "có mặt ạ", "Em có mặt",
/// "vắng: đi công tác", "xin phép vắng vì ốm". Anything else is ordinary group talk (null).
/// </summary>
public static partial class CheckInWords
{
    public sealed record Parsed(AttendanceStatus Status, string? Reason);

    public static Parsed? Parse(string text)
    {
        if (text.Length > 300) return null;
        var folded = Roster.Fold(text).TrimEnd('.', '!', ' ');
        folded = Polite().Replace(folded, "");
        folded = Speaker().Replace(folded, "");
        if (Present().IsMatch(folded)) return new(AttendanceStatus.Present, null);
        if (!Absent().IsMatch(folded)) return null;
        var reason = ReasonOf(text);
        return new(reason is null ? AttendanceStatus.AbsentUnexplained : AttendanceStatus.AbsentWithReason, reason);
    }

    /// <summary>The reason after "vắng" ("vắng: ốm", "xin phép vắng vì ốm", "vắng có lý do - đi công tác"), as typed.</summary>
    private static string? ReasonOf(string text)
    {
        var m = AfterAbsent().Match(text);
        if (!m.Success) return null;
        var reason = m.Groups["reason"].Value.Trim().TrimEnd('.', '!', ' ');
        return reason.Length == 0 ? null : reason;
    }

    // Trailing politeness: "ạ", "a", "nhé", "ạ!".
    [GeneratedRegex(@"(\s+(a|nhe|nha|roi a))+$")] private static partial Regex Polite();
    // The speaker at the start: "em", "tôi", "cháu", "con", "mình", "đồng chí X" is not needed.
    [GeneratedRegex(@"^(em|toi|chau|con|minh|anh|chi|bac|chu|co)\s+(?=(co|da|xin|bao|vang))")] private static partial Regex Speaker();
    [GeneratedRegex(@"^(da\s+)?co(\s+mat)?(\s+roi)?$")] private static partial Regex Present();
    [GeneratedRegex(@"^(xin\s+(phep\s+)?|bao\s+|xin\s+bao\s+)?vang\b")] private static partial Regex Absent();
    [GeneratedRegex(@"v[ắa]ng(?:\s+(?:có|co)\s+(?:lý|ly)\s+do)?(?:\s*[:\-–,]|\s+(?:vì|vi|do|(?:lý|ly)\s+do)\b:?)?\s*(?<reason>.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AfterAbsent();
}
