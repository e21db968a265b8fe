namespace ChiBo.Core.Meetings;

/// <summary>Seed 004 (Quy định 28-QĐ/TU): a meeting lasts at least 90 minutes, 120 when a thematic meeting is held the same day.</summary>
public static class MeetingLength
{
    public const int MinimumMinutes = 90;
    public const int MinimumWithThematicMinutes = 120;

    /// <summary>A warning naming the rule when the times entered are shorter; null when long enough or unknown.</summary>
    public static string? Warning(TimeOnly? start, TimeOnly? end, bool withThematic)
    {
        if (start is not { } s || end is not { } e || e <= s) return null;
        var minutes = (int)(e - s).TotalMinutes;
        var minimum = withThematic ? MinimumWithThematicMinutes : MinimumMinutes;
        if (minutes >= minimum) return null;
        var when = withThematic ? " khi kết hợp sinh hoạt chuyên đề" : "";
        return $"Buổi họp chỉ kéo dài {minutes} phút; Quy định 28-QĐ/TU yêu cầu sinh hoạt chi bộ ít nhất {minimum} phút{when}.";
    }
}
