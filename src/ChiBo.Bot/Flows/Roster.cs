using System.Globalization;
using System.Text;
using ChiBo.Bot.Storage;

namespace ChiBo.Bot.Flows;

/// <summary>A cell's active members in roster order; members are referred to by their number in it (1-based).</summary>
public static class Roster
{
    public static List<Member> Of(Database db, int cellId) => db.ActiveMembers(cellId);

    /// <summary>Whether the member linked an account on this channel ("zalo"); one member may link one account per channel.</summary>
    public static bool HasAccountOn(Member m, string channel) => m.Accounts.Any(a => a.StartsWith(channel + ":", StringComparison.Ordinal));

    public static string RoleName(OfficerRole role) => role switch
    {
        OfficerRole.Secretary => "Bí thư",
        OfficerRole.DeputySecretary => "Phó bí thư",
        OfficerRole.MinuteTaker => "Thư ký",
        _ => "",
    };

    /// <summary>"3. Nguyễn Văn C (dự bị, miễn sinh hoạt) — Bí thư".</summary>
    public static string Line(int number, Member m)
    {
        var flags = new List<string>();
        if (m.Probationary) flags.Add("dự bị");
        if (m.Exempt) flags.Add("miễn sinh hoạt");
        var s = $"{number}. {m.Name}" + (flags.Count > 0 ? $" ({string.Join(", ", flags)})" : "");
        if (m.Role != OfficerRole.None) s += $" — {RoleName(m.Role)}";
        return s;
    }

    /// <summary>Reads roster numbers ("3 5", "3,5", "3-6"), checked against the roster size.</summary>
    public static bool TryParseNumbers(string text, int count, out List<int> numbers, out string error)
    {
        numbers = [];
        error = "";
        foreach (var token in text.Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            var range = token.Split('-');
            if (range.Length == 2 && int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var a) && int.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out var b) && a <= b)
            {
                // Checked before enumerating: "1-2147483647" must not build (or loop over) two billion numbers.
                if (a < 1 || b > count)
                {
                    error = $"Khoảng {a}-{b} vượt ra ngoài danh sách: số thứ tự chỉ từ 1 đến {count}. Ví dụ: 1-{count}.";
                    return false;
                }
                for (var i = a; i <= b; i++) numbers.Add(i);
            }
            else if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                numbers.Add(n);
            }
            else
            {
                error = $"\"{token}\" không phải số thứ tự. Hãy gõ số thứ tự trong danh sách, ví dụ: 3 5.";
                return false;
            }
        }
        if (numbers.Count == 0)
        {
            error = "Hãy gõ số thứ tự trong danh sách, ví dụ: 3 5.";
            return false;
        }
        var outside = numbers.FirstOrDefault(n => n < 1 || n > count);
        if (outside != 0 || numbers.Contains(0))
        {
            error = $"Không có số thứ tự {outside} trong danh sách (từ 1 đến {count}).";
            return false;
        }
        numbers = numbers.Distinct().ToList();
        return true;
    }

    /// <summary>Lower case without diacritics, for matching typed words: "Vắng có lý do" → "vang co ly do".</summary>
    public static string Fold(string text) => ChiBo.Core.Vietnamese.Fold(text);
}
