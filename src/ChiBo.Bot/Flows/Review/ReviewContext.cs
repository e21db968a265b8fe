using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using ChiBo.Core;
using ChiBo.Core.Meetings;
using ChiBo.Core.Rubrics;
using ChiBo.Core.Scoring;

namespace ChiBo.Bot.Flows.Review;

/// <summary>Everything one review step needs, loaded once per update.</summary>
public sealed class ReviewContext(ReviewDoc doc, Cell cell, Rubric rubric, IReadOnlyList<RosterEntry> roster, DateOnly today, TimeZoneInfo zone, HolidayCalendar holidays)
{
    public ReviewDoc Doc { get; } = doc;
    public Cell Cell { get; } = cell;
    public Rubric Rubric { get; } = rubric;
    /// <summary>The cell's active members, shared and read-only (<see cref="Database.RosterEntries"/>).</summary>
    public IReadOnlyList<RosterEntry> Roster { get; } = roster;
    public DateOnly Today { get; } = today;
    public TimeZoneInfo Zone { get; } = zone;
    public HolidayCalendar Holidays { get; } = holidays;

    /// <summary>The local time of day now: a meeting that has not started yet cannot be reviewed.</summary>
    public TimeOnly? TimeNow { get; init; }

    // What only some steps need is read from the file when a step first asks for it, not on every answer.
    private Lazy<PostedRecord?> _previous = new((PostedRecord?)null);
    private Lazy<MeetingNotice?> _notice = new((MeetingNotice?)null);
    private Lazy<bool> _reopened = new(false);

    /// <summary>Last month's posted record (its conclusion and tasks), read when first needed.</summary>
    public Func<PostedRecord?> PreviousLoader { init => _previous = new(value); }

    /// <summary>Last month's posted conclusion and tasks, shown with the criterion that asks whether they were carried out.</summary>
    public string? PreviousConclusion => _previous.Value is { } previous
        ? $"Kết luận tháng trước ({previous.Record.GetMonth().ToVietnamese()}):\n{previous.Record.Conclusion}"
          + (previous.Record.Tasks.Count > 0 ? $"\nNhiệm vụ đã giao:\n{ReviewView.TaskLines(previous.Record.Tasks)}" : "")
        : null;

    /// <summary>Last month's posted tasks, marked at that criterion (<see cref="MeetingRecord.FollowUps"/>).</summary>
    public List<TaskItem> PreviousTasks => _previous.Value?.Record.Tasks ?? [];

    /// <summary>The month's meeting notice, if the bot sent one: criterion 3 is suggested from when it was sent.</summary>
    public MeetingNotice? Notice => _notice.Value;

    /// <summary>Reads the month's notice when first needed.</summary>
    public Func<MeetingNotice?> NoticeLoader { init => _notice = new(value); }

    /// <summary>The record this update posted (<see cref="ReviewPosting.Post"/>), shown to the secretary without reading it back.</summary>
    public PostedRecord? Posted { get; set; }

    /// <summary>The web form's addresses; null when ChiBo:Http:PublicUrl is not set (no button is offered then).</summary>
    public Web.ReviewFormLinks? WebForm { get; init; }

    /// <summary>The Mini App address of this review, for Telegram's web_app button.</summary>
    public string? MiniAppUrl => WebForm?.MiniAppUrl(Doc.Id);

    /// <summary>A fresh single-use link to the form for the officer running the review.</summary>
    public string? NewFormLink()
    {
        var key = Doc.OperatorKey.Split(':', 2);
        return key.Length == 2 ? WebForm?.LinkFor(Doc.Id, new ChatUser(key[0], key[1], Doc.OperatorName)) : null;
    }

    public MeetingRecord Record => Doc.Record;
    public YearMonth Month => new(Doc.Year, Doc.Month);
    public int LastCriterion => Rubric.Criteria.Count - 1;
    public Criterion CurrentCriterion => Rubric.Criteria[Math.Clamp(Doc.CriterionIndex, 0, LastCriterion)];
    public string WizardKey => $"review:{Doc.Id}";
    public ChatRef OperatorChat => new(Doc.OperatorChannel, Doc.OperatorChatId, ChatKind.Private);

    private (string Prefix, int Version)? _buttonPrefix;

    /// <summary>A button of this review as it stands (<see cref="ReviewFlow.Data"/>); a prompt has up to forty of them, so
    /// the part before the action is made once per version.</summary>
    public string ButtonData(string action)
    {
        if (_buttonPrefix is not { } made || made.Version != Doc.Version) _buttonPrefix = made = (ReviewFlow.Data(Doc, ""), Doc.Version);
        return made.Prefix + action;
    }

    /// <summary>The roster number (1-based) of a member, or 0 when they left the roster.</summary>
    public int NumberOf(int memberId)
    {
        for (var i = 0; i < Roster.Count; i++)
            if (Roster[i].Id == memberId) return i + 1;
        return 0;
    }

    /// <summary>Attendance entries in roster order (members who left the roster after the meeting come last).</summary>
    public List<AttendanceEntry> AttendanceInOrder() => Record.Attendance.OrderBy(e => NumberOf(e.MemberId) is 0 ? int.MaxValue : NumberOf(e.MemberId)).ToList();

    public List<DuesEntry> DuesInOrder() => Record.Dues.OrderBy(e => NumberOf(e.MemberId) is 0 ? int.MaxValue : NumberOf(e.MemberId)).ToList();

    public Suggestion? SuggestionFor(Criterion criterion)
    {
        // Most criteria are scored by the cell alone: no suggestion, and no need for the time zone or the month's notice.
        if (criterion.DerivedFrom == DerivedFrom.None) return null;
        DateTimeOffset? startsAt = Record.Date is { } d
            ? new DateTimeOffset(d.ToDateTime(Record.Start ?? new TimeOnly(0, 0)), Zone.GetUtcOffset(d.ToDateTime(Record.Start ?? new TimeOnly(0, 0))))
            : null;
        // The notice counts for the meeting it announced, not for one held on another day.
        var notice = Notice is { } n && n.Date == Record.Date ? n : null;
        var context = new SuggestionContext(Month, Record.Attendance, Record.Date, startsAt,
            notice is null ? null : TimeZoneInfo.ConvertTime(notice.SentAt, Zone), Cell.Schedule(), Holidays,
            NoticeReachedCommittee: notice?.CommitteeChatKey is not null);
        return Suggestions.For(criterion, context);
    }

    /// <summary>
    /// The one place a score is set, by any path (step by step, a typed line, the web form): the bot's suggestion is kept
    /// beside it, so a derived criterion scored against it is shown as "đề xuất X, chấm Y". A note replaces the old one; a
    /// changed score without one drops the old note (it explained the old score). True when the score changed.
    /// </summary>
    public bool SetScore(Criterion criterion, decimal points, string? note = null)
    {
        var changed = !Record.Scores.TryGetValue(criterion.Id, out var old) || old != points;
        Record.Scores[criterion.Id] = points;
        var suggestion = SuggestionFor(criterion);
        if (suggestion is not null) Record.Suggested[criterion.Id] = suggestion.Points;
        else Record.Suggested.Remove(criterion.Id);
        if (note is not null) Record.ScoreNotes[criterion.Id] = note;
        else if (changed || suggestion?.Points == points) Record.ScoreNotes.Remove(criterion.Id);
        return changed;
    }

    /// <summary>Asks for the reason of the overrides among <paramref name="ids"/> (the scores just set or changed) that have
    /// none: one question for all.</summary>
    public void AskReasons(IEnumerable<string> ids)
    {
        var missing = ids.Where(id => Record.Suggested.TryGetValue(id, out var s) && Record.Scores.TryGetValue(id, out var p) && s != p
            && !Record.ScoreNotes.ContainsKey(id)).ToList();
        Doc.OverrideReasons = missing.Count > 0 ? missing : null;
    }

    /// <summary>
    /// Derived criteria whose suggestion, worked out again from the record as it is now (attendance, date, notice), differs
    /// from the score and was not the one the secretary scored against: after a reopen they must be confirmed again.
    /// </summary>
    public List<Suggestion> StaleSuggestions() =>
        Rubric.Criteria.Where(c => c.DerivedFrom != DerivedFrom.None && Record.Scores.ContainsKey(c.Id))
            .Select(SuggestionFor).OfType<Suggestion>()
            .Where(s => Record.Scores[s.CriterionId] != s.Points && (Record.Suggested.TryGetValue(s.CriterionId, out var seen)
                ? seen != s.Points        // scored against another suggestion than today's
                : Reopened))              // a posted record scored before suggestions were kept
            .ToList();

    /// <summary>The month was posted before and this review reopened it.</summary>
    public bool Reopened => _reopened.Value;

    /// <summary>Finds out when first needed whether the month was posted before.</summary>
    public Func<bool> ReopenedLoader { init => _reopened = new(value); }

    /// <summary>Adds roster members missing from the record (a member added mid-review), keeping every answer.</summary>
    public bool SyncWithRoster()
    {
        var changed = false;
        foreach (var m in Roster)
        {
            if (Record.Attendance.All(e => e.MemberId != m.Id))
            {
                Record.Attendance.Add(new AttendanceEntry { MemberId = m.Id, Name = m.Name, Status = m.Exempt ? AttendanceStatus.Exempt : AttendanceStatus.Unknown, Exempt = m.Exempt });
                changed = true;
            }
            if (Record.Dues.All(e => e.MemberId != m.Id))
            {
                Record.Dues.Add(new DuesEntry { MemberId = m.Id, Name = m.Name, Amount = Cell.DefaultDues });
                changed = true;
            }
        }
        return changed;
    }
}
