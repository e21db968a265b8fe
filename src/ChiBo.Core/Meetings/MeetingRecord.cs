namespace ChiBo.Core.Meetings;

public enum MeetingKind
{
    Regular,
    Thematic,
}

public enum AttendanceStatus
{
    /// <summary>Not answered yet.</summary>
    Unknown = 0,
    Present,
    AbsentWithReason,
    AbsentWithoutReason,
    /// <summary>Exempt from party work and meetings: left out of the attendance ratio.</summary>
    Exempt,
    /// <summary>Absent, and no reason recorded yet ("chưa rõ lý do"): the secretary decides it in the review.</summary>
    AbsentUnexplained,
}

/// <summary>One member's attendance at a meeting; the name is kept as it was on the day.</summary>
public sealed class AttendanceEntry
{
    internal object CloneFlat() => MemberwiseClone();

    public int MemberId { get; set; }
    public string Name { get; set; } = "";
    public AttendanceStatus Status { get; set; }
    public string? Reason { get; set; }
    /// <summary>An exempt member: when they attend (Status Present) they are welcome and listed, but count on neither side of criterion 5.</summary>
    public bool Exempt { get; set; }

    public bool IsExempt() => Exempt || Status == AttendanceStatus.Exempt;
}

/// <summary>One member's dues for the month.</summary>
public sealed class DuesEntry
{
    internal object CloneFlat() => MemberwiseClone();

    public int MemberId { get; set; }
    public string Name { get; set; } = "";
    public bool Paid { get; set; }
    public decimal Amount { get; set; }
}

/// <summary>How a task stood when the next month's meeting checked it (criterion 23).</summary>
public enum TaskState
{
    /// <summary>Assigned, not checked yet.</summary>
    Open,
    Done,
    NotDone,
    /// <summary>Not finished and carried over into the next month's tasks.</summary>
    CarriedOver,
}

/// <summary>A task the conclusion assigns: who, what, by when; and, once checked the next month, how it stood.</summary>
public sealed class TaskItem
{
    internal object CloneFlat() => MemberwiseClone();

    public string Who { get; set; } = "";
    public string What { get; set; } = "";
    public DateOnly? Due { get; set; }
    public TaskState Status { get; set; }
    /// <summary>The month the task was first assigned in, when it was carried over from there ("2026-10").</summary>
    public string? CarriedFrom { get; set; }
}

/// <summary>
/// What a cell's monthly meeting produced: when it was held, who came, who paid,
/// the score per criterion, the conclusion and the tasks.
/// Plain settable properties so storage can keep it as it is.
/// </summary>
public sealed class MeetingRecord
{
    public string CellId { get; set; } = "";
    public int Year { get; set; }
    public int Month { get; set; }
    public string RubricId { get; set; } = "";
    public MeetingKind Kind { get; set; } = MeetingKind.Regular;
    /// <summary>A thematic meeting held the same day as this regular one.</summary>
    public bool WithThematic { get; set; }
    /// <summary>The thematic meeting's topic (sinh hoạt chuyên đề), when there was one.</summary>
    public string? ThematicTopic { get; set; }
    public DateOnly? Date { get; set; }
    public TimeOnly? Start { get; set; }
    public TimeOnly? End { get; set; }
    public List<AttendanceEntry> Attendance { get; set; } = [];
    public List<DuesEntry> Dues { get; set; } = [];
    public Dictionary<string, decimal> Scores { get; set; } = [];
    /// <summary>Why a score differs from the bot's suggestion, when the secretary said.</summary>
    public Dictionary<string, string> ScoreNotes { get; set; } = [];
    /// <summary>The bot's suggestion for a derived criterion when the secretary scored it: a score that differs is an override.</summary>
    public Dictionary<string, decimal> Suggested { get; set; } = [];
    public string? Conclusion { get; set; }
    public List<TaskItem> Tasks { get; set; } = [];
    /// <summary>Last month's tasks as this meeting found them (criterion 23): each with its status.</summary>
    public List<TaskItem> FollowUps { get; set; } = [];
    /// <summary>Roster ids of the members who contributed opinions (seed 002: 6 meetings a year each); empty when not recorded.</summary>
    public List<int> Speakers { get; set; } = [];

    // Methods, not properties, so storage mappers keep only the data.
    public YearMonth GetMonth() => new(Year, Month);

    /// <summary>A deep copy: changing it changes nothing here. The entries are flat (values and strings), so a field added
    /// to one is copied too; a new list or dictionary here must be copied below (<c>ReviewCacheTests</c> checks none is shared).</summary>
    /// <param name="sameMembers">A record whose member lists (attendance and dues) equal these and that nobody changes: the
    /// copy takes its lists instead of copying them (the copies a cache keeps, which share what did not change).</param>
    public MeetingRecord Clone(MeetingRecord? sameMembers = null)
    {
        var copy = (MeetingRecord)MemberwiseClone();
        copy.Attendance = sameMembers?.Attendance ?? Attendance.ConvertAll(e => (AttendanceEntry)e.CloneFlat());
        copy.Dues = sameMembers?.Dues ?? Dues.ConvertAll(e => (DuesEntry)e.CloneFlat());
        copy.Scores = new(Scores);
        copy.ScoreNotes = new(ScoreNotes);
        copy.Suggested = new(Suggested);
        copy.Tasks = Tasks.ConvertAll(t => (TaskItem)t.CloneFlat());
        copy.FollowUps = FollowUps.ConvertAll(t => (TaskItem)t.CloneFlat());
        copy.Speakers = [.. Speakers];
        return copy;
    }

    public AttendanceSummary SummarizeAttendance() => AttendanceSummary.Of(Attendance);
    public DuesSummary SummarizeDues() => DuesSummary.Of(Dues);
}
