using ChiBo.Bot.Channels;
using ChiBo.Core.Meetings;
using LiteDB;

namespace ChiBo.Bot.Storage;

/// <summary>A party cell bound to one group chat.</summary>
public sealed class Cell
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string RubricId { get; set; } = "";
    public MeetingWindow MeetingWindow { get; set; } = MeetingWindow.FixedDay;
    public int MeetingDay { get; set; } = 3;
    public decimal DefaultDues { get; set; }
    /// <summary>The group chat, "telegram:-100123".</summary>
    public string ChatKey { get; set; } = "";
    public string Channel { get; set; } = "";
    public string ChatId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Who registered the cell ("zalo:abc"): a group-less cell's posts go to them until an officer is linked.</summary>
    public string RegisteredBy { get; set; } = "";
    /// <summary>The committee (the level above) the cell belongs to, if registered.</summary>
    public int? CommitteeId { get; set; }
    /// <summary>The cell's groups on other channels ("zalo:g42"), joined with /noichibo; results are posted to every group.</summary>
    public List<string> LinkedChats { get; set; } = [];

    /// <summary>Registered in a private chat because the bot cannot be in the cell's group (a Zalo bot that cannot join groups):
    /// <see cref="ChatKey"/> is empty, everything is done in private, and what would go to the group goes to the officers
    /// (Flows/CellPosts.cs).</summary>
    public bool IsGroupless => string.IsNullOrEmpty(ChatKey) && LinkedChats.Count == 0; // LiteDB stores "" as null

    public MeetingSchedule Schedule() => new(MeetingWindow, MeetingDay);

    /// <summary>A copy for <see cref="DocumentCache{T}"/>; a new list here must be copied too.</summary>
    public Cell Clone()
    {
        var copy = (Cell)MemberwiseClone();
        copy.LinkedChats = [.. LinkedChats];
        return copy;
    }
    public ChatRef Chat() => new(Channel, ChatId, ChatKind.Group);

    public bool Has(ChatRef chat) => ChatKey == chat.Key || LinkedChats.Contains(chat.Key);

    /// <summary>The main group first, then the linked ones (none for a group-less cell).</summary>
    public IEnumerable<ChatRef> Chats()
    {
        var linked = LinkedChats.Select(key => key.Split(':', 2)).Where(k => k.Length == 2).Select(k => new ChatRef(k[0], k[1], ChatKind.Group));
        return string.IsNullOrEmpty(ChatKey) ? linked : linked.Prepend(Chat());
    }
}

/// <summary>A committee (cấp ủy cấp trên) following several cells; its members ask the bot about them.</summary>
public sealed class Committee
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>The committee's group chat, "telegram:-100456" (same format as <see cref="Cell.ChatKey"/>).</summary>
    public string? ChatKey { get; set; }
    public string Channel { get; set; } = "";
    public string ChatId { get; set; } = "";
    /// <summary>Appointed committee members, by account ("telegram:123").</summary>
    public List<CommitteeMember> Members { get; set; } = [];
    /// <summary>Accounts that asked to be appointed and wait for an admin.</summary>
    public List<PendingLink> PendingMembers { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }

    public bool HasMember(string userKey) => Members.Any(m => m.UserKey == userKey);
    public ChatRef? Chat() => ChatKey is null ? null : new(Channel, ChatId, ChatKind.Group);
}

public sealed class CommitteeMember
{
    public string UserKey { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public DateTimeOffset AppointedAt { get; set; }
}

public enum OfficerRole
{
    None,
    Secretary,
    DeputySecretary,
    MinuteTaker,
}

/// <summary>A roster entry. Accounts are per channel ("telegram:123"), so one member may use several.</summary>
public sealed class Member
{
    public int Id { get; set; }
    public int CellId { get; set; }
    public string Name { get; set; } = "";
    public bool Probationary { get; set; }
    public bool Exempt { get; set; }
    public bool Active { get; set; } = true;
    public OfficerRole Role { get; set; }
    public List<string> Accounts { get; set; } = [];
    /// <summary>Accounts that asked to be linked and wait for an officer.</summary>
    public List<PendingLink> PendingLinks { get; set; } = [];
}

/// <summary>A roster member as flows that only read the roster see them (a review's context): immutable, so one view of
/// a roster is shared by every update that reads it (<see cref="RosterCache.Entries"/>).</summary>
public sealed record RosterEntry(int Id, string Name, bool Probationary, bool Exempt, OfficerRole Role);

public sealed class PendingLink
{
    public string UserKey { get; set; } = "";
    public string DisplayName { get; set; } = "";
    /// <summary>The account's unique user name (Telegram's @username), if it has one.</summary>
    public string? Handle { get; set; }

    /// <summary>Which account asks, so two people with the same name are told apart:
    /// "Nguyễn Văn An (@an_nv, Telegram)" or "Nguyễn Văn An (Telegram, id 2001)".</summary>
    public string Who()
    {
        var id = UserKey.Split(':', 2)[^1];
        return Handle is { Length: > 0 } handle ? $"{DisplayName} (@{handle}, {ChannelName})" : $"{DisplayName} ({ChannelName}, id {id})";
    }

    /// <summary>"Telegram", "Zalo".</summary>
    public string ChannelName => UserKey.Split(':', 2)[0] switch { "telegram" => "Telegram", "zalo" => "Zalo", "console" => "máy tính", var other => other };
}

public enum ReviewStatus
{
    InProgress,
    Posted,
    Cancelled,
}

/// <summary>Steps of the secretary's review (see Flows/ReviewFlow.cs).</summary>
public enum ReviewStep
{
    Meeting,
    Attendance,
    Dues,
    Criteria,
    Conclusion,
    Tasks,
    Summary,
    ConfirmCancel,
    Posted,
    Cancelled,
}

/// <summary>A review conversation: the step it is at and every answer so far. Lives here, not in memory.</summary>
public sealed class ReviewDoc
{
    /// <summary>"{cellId}:{yyyy-MM}".</summary>
    public string Id { get; set; } = "";
    public int CellId { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public ReviewStatus Status { get; set; }
    public ReviewStep Step { get; set; }
    public ReviewStep StepBeforeCancel { get; set; }
    public int CriterionIndex { get; set; }
    /// <summary>Reopened from the summary: the next step goes back to it.</summary>
    public bool ReturnToSummary { get; set; }
    /// <summary>Posted, and the officer was asked whether to reopen it: a typed "mở lại" or "thôi" answers.</summary>
    public bool ReopenOffered { get; set; }
    /// <summary>In the attendance step: the member buttons mark who spoke instead of attendance (the optional "who spoke" part).</summary>
    public bool PickingSpeakers { get; set; }
    /// <summary>Members marked absent with reason whose reason is still to be asked.</summary>
    public List<int> PendingReasons { get; set; } = [];
    /// <summary>Scores typed as one line (ScoreLines), shown as the whole form and waiting for the secretary's "đúng";
    /// nothing in the record changes until then.</summary>
    public Dictionary<string, decimal>? PendingScores { get; set; }
    /// <summary>Derived criteria just scored against the bot's suggestion with no reason given: the next answer is asked
    /// for the reason (or "bỏ qua").</summary>
    public List<string>? OverrideReasons { get; set; }
    /// <summary>Bumped on every change; buttons carry it so a stale or forged press is refused.</summary>
    public int Version { get; set; }
    public string OperatorKey { get; set; } = "";
    public string OperatorName { get; set; } = "";
    public string OperatorChannel { get; set; } = "";
    public string OperatorChatId { get; set; } = "";
    public MeetingRecord Record { get; set; } = new();
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>A deep copy (<see cref="ReviewCache"/> hands these out); a new list or dictionary here must be copied below.
    /// <paramref name="sameMembers"/>: see <see cref="MeetingRecord.Clone"/>.</summary>
    public ReviewDoc Clone(MeetingRecord? sameMembers = null)
    {
        var copy = (ReviewDoc)MemberwiseClone();
        copy.PendingReasons = [.. PendingReasons];
        copy.PendingScores = PendingScores is null ? null : new(PendingScores);
        copy.OverrideReasons = OverrideReasons is null ? null : [.. OverrideReasons];
        copy.Record = Record.Clone(sameMembers);
        return copy;
    }
}

/// <summary>A posted review: the record the committee reads. Changing it writes an <see cref="AuditEntry"/>.</summary>
public sealed class PostedRecord
{
    /// <summary>"{cellId}:{yyyy-MM}".</summary>
    public string Id { get; set; } = "";
    public int CellId { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public MeetingRecord Record { get; set; } = new();
    public decimal Total { get; set; }
    public string Rating { get; set; } = "";
    public string PostedBy { get; set; } = "";
    public string PostedByName { get; set; } = "";
    public DateTimeOffset PostedAt { get; set; }
    public int Revision { get; set; }
    /// <summary>Brought from the cell's paper records with /nhapketqua: a total only, no review behind it.</summary>
    public bool Imported { get; set; }
}

/// <summary>A thematic meeting (sinh hoạt chuyên đề) recorded with /chuyende: its own record, beside the monthly reviews
/// (a thematic meeting combined with the regular one is also kept on that review, <c>MeetingRecord.ThematicTopic</c>).</summary>
public sealed class ThematicMeeting
{
    public int Id { get; set; }
    public int CellId { get; set; }
    public DateOnly Date { get; set; }
    public string Topic { get; set; } = "";
    /// <summary>Held the same day as the cell's regular meeting (posted for that date) rather than on its own.</summary>
    public bool Combined { get; set; }
    public string RecordedBy { get; set; } = "";
    public string RecordedByName { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
}

public sealed class AuditEntry
{
    public ObjectId Id { get; set; } = ObjectId.NewObjectId();
    public string RecordId { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string By { get; set; } = "";
    public string ByName { get; set; } = "";
    public string Action { get; set; } = "";
    public List<string> Changes { get; set; } = [];
}

/// <summary>A message saved with the state change that produced it, sent after the commit.</summary>
public sealed class OutboxItem
{
    public ObjectId Id { get; set; } = ObjectId.NewObjectId();
    public OutgoingMessage Message { get; set; } = new();
    public DateTimeOffset CreatedAt { get; set; }
    public SendPriority Priority { get; set; }

    /// <summary>A send was started: after a crash the message may have gone out already, and goes again (logged).</summary>
    public bool Attempted { get; set; }
}

/// <summary>Which message goes first when the channel's limits allow only some: the answer to the person typing, then
/// posts to other chats (a rating to the group), then reminders and broadcasts.</summary>
public enum SendPriority
{
    Answer,
    Post,
    Background,
}

/// <summary>Which channel message currently shows a wizard, so it can be edited in place.</summary>
public sealed class WizardMessage
{
    /// <summary>"{channel}:{chatId}:{wizardKey}".</summary>
    public string Id { get; set; } = "";
    public string MessageId { get; set; } = "";
}

/// <summary>A user's private chat with the bot, recorded when they write to it on a channel whose private chat ids are not
/// user ids (Zalo): direct messages go there (Flows/Direct.cs).</summary>
public sealed class PrivateChat
{
    /// <summary>The user key, "zalo:abc".</summary>
    public string Id { get; set; } = "";
    public string ChatId { get; set; } = "";
}

/// <summary>Small named values: the polling offset, for instance.</summary>
public sealed class Setting
{
    public string Id { get; set; } = "";
    public string Value { get; set; } = "";
}

public enum CheckInStatus
{
    Open,
    Closed,
}

/// <summary>Members confirming their own attendance in the group (Flows/CheckInFlow.cs). One per cell and month.</summary>
public sealed class CheckIn
{
    /// <summary>"{cellId}:{yyyy-MM}", the same id as the month's review.</summary>
    public string Id { get; set; } = "";
    public int CellId { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public CheckInStatus Status { get; set; }
    public string OpenedBy { get; set; } = "";
    public DateTimeOffset OpenedAt { get; set; }
    public string? ClosedBy { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>At most one answer per member; a new answer replaces the old one.</summary>
    public List<CheckInAnswer> Answers { get; set; } = [];
}

public sealed class CheckInAnswer
{
    public int MemberId { get; set; }
    /// <summary>Present or AbsentWithReason: members never declare themselves absent without reason.</summary>
    public AttendanceStatus Status { get; set; }
    public string? Reason { get; set; }
    public string UserKey { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

/// <summary>The notice of a month's meeting (Flows/NoticeFlow.cs) and which reminders went out (Scheduling/Reminders.cs).</summary>
public sealed class MeetingNotice
{
    /// <summary>"{cellId}:{yyyy-MM}" of the month the meeting counts for.</summary>
    public string Id { get; set; } = "";
    public int CellId { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public DateOnly Date { get; set; }
    public TimeOnly Start { get; set; }
    /// <summary>Date and start time in UTC, what the reminders are timed from.</summary>
    public DateTimeOffset StartsAt { get; set; }
    public string Place { get; set; } = "";
    public List<string> Agenda { get; set; } = [];
    /// <summary>When the bot sent the date and time now announced (criterion 3 is suggested from it).</summary>
    public DateTimeOffset SentAt { get; set; }
    public string SentBy { get; set; } = "";
    /// <summary>The committee chat that got the notice too; null when the cell has none.</summary>
    public string? CommitteeChatKey { get; set; }
    /// <summary>When each reminder was sent, or passed over because it was no longer useful; null while still due.</summary>
    public DateTimeOffset? DayBeforeDoneAt { get; set; }
    public DateTimeOffset? HourBeforeDoneAt { get; set; }
    public DateTimeOffset? MorningAfterDoneAt { get; set; }

    /// <summary>A copy for <see cref="DocumentCache{T}"/>; a new list here must be copied too.</summary>
    public MeetingNotice Clone()
    {
        var copy = (MeetingNotice)MemberwiseClone();
        copy.Agenda = [.. Agenda];
        return copy;
    }
}

/// <summary>A single-use web link that was opened: its random id, kept until the link would have expired anyway.</summary>
public sealed class UsedLink
{
    public string Id { get; set; } = "";
    public string Purpose { get; set; } = "";
    public DateTimeOffset UsedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// The committee's own word on a cell's posted month (seed 000 §3.3.2–3.3.3): a comment ("nhận xét của cấp ủy") and,
/// optionally, the total the committee sets with its reason. Kept beside the cell's self-assessment, never over it;
/// each one is a record of its own, with an audit entry.
/// </summary>
public sealed class CommitteeNote
{
    public ObjectId Id { get; set; } = ObjectId.NewObjectId();
    /// <summary>The posted month: "{cellId}:{yyyy-MM}".</summary>
    public string RecordId { get; set; } = "";
    public int CellId { get; set; }
    public int CommitteeId { get; set; }
    public DateTimeOffset At { get; set; }
    public string By { get; set; } = "";
    public string ByName { get; set; } = "";
    public string Text { get; set; } = "";
    /// <summary>The total the committee sets instead of the self-assessed one, when it adjusts it.</summary>
    public decimal? AdjustedTotal { get; set; }

    /// <summary>"Đồng chí Hà, 14:00 05/11/2026: … (cấp ủy điều chỉnh tổng điểm thành 80)".</summary>
    public string Describe(DateTime localAt) => Describe(new DateTimeOffset(localAt, TimeSpan.Zero));

    public string Describe(DateTimeOffset localAt) =>
        $"Đồng chí {ByName}, {ChiBo.Core.Vietnamese.DateTime(localAt)}: {Text}"
        + (AdjustedTotal is { } t ? $" (cấp ủy điều chỉnh tổng điểm thành {ChiBo.Core.Vietnamese.Points(t)})" : "");
}
