using System.Globalization;
using ChiBo.Bot.Flows.Review;
using ChiBo.Bot.Storage;
using ChiBo.Core;
using ChiBo.Core.Meetings;
using ChiBo.Core.Rubrics;
using ChiBo.Core.Scoring;

namespace ChiBo.Bot.Console;

/// <summary>Someone who can speak in the local chat: a console account ("console:an") and how the banner presents them.</summary>
public sealed record ConsolePerson(string Id, string Name, string Note)
{
    public string Key => $"{ConsoleChannel.Name}:{Id}";
}

/// <summary>
/// The ready demo of the local chat, written only into an empty database: one committee, one cell bound to the
/// console's group chat with twelve members (officers appointed, each linked to a console account), and the
/// reviews of the past months, posted as a secretary would have posted them.
/// </summary>
public sealed class Demo(Database db, Rubrics rubrics, Clock clock)
{
    public const string CellName = "Chi bộ Khu phố 3";
    public const string CommitteeName = "Đảng ủy phường Minh Khai";
    public const decimal Dues = 20_000m;
    /// <summary>At least this many past months are posted (and every earlier month of the current year).</summary>
    public const int PastMonths = 6;

    private sealed record DemoMember(string Id, string Name, OfficerRole Role = OfficerRole.None, bool Probationary = false, bool Exempt = false);

    private static readonly DemoMember[] Members =
    [
        new("an", "Nguyễn Văn An", OfficerRole.Secretary),
        new("binh", "Trần Thị Bình", OfficerRole.DeputySecretary),
        new("cuong", "Lê Văn Cường", OfficerRole.MinuteTaker),
        new("dung", "Phạm Thị Dung"),
        new("duc", "Hoàng Văn Đức"),
        new("giang", "Vũ Thị Giang"),
        new("hai", "Đặng Văn Hải"),
        new("hoa", "Bùi Thị Hoa"),
        new("khanh", "Đỗ Văn Khánh", Probationary: true),
        new("lan", "Ngô Thị Lan"),
        new("minh", "Dương Văn Minh", Exempt: true),
        new("nga", "Lý Thị Nga", Probationary: true),
    ];

    /// <summary>Everyone who can speak in the local chat, in the order /ai lists them.</summary>
    public static readonly IReadOnlyList<ConsolePerson> People =
    [
        .. Members.Select(m => new ConsolePerson(m.Id, m.Name, Note(m))),
        new("quantri", "Quản trị viên", "quản trị viên ChiBo"),
        new("ha", "Phạm Thị Hà", $"ủy viên {CommitteeName}"),
        new("khach", "Khách", "chưa có trong danh sách chi bộ"),
    ];

    /// <summary>The console's administrator (allowed to register cells and appoint officers in the local chat).</summary>
    public static ConsolePerson Admin => People.Single(p => p.Id == "quantri");

    /// <summary>Who speaks first: the secretary.</summary>
    public static ConsolePerson FirstSpeaker => People[0];

    private static string Note(DemoMember m)
    {
        var note = m.Role != OfficerRole.None ? Flows.Roster.RoleName(m.Role) : "đảng viên";
        if (m.Probationary) note += " dự bị";
        if (m.Exempt) note += ", miễn sinh hoạt";
        return note;
    }

    /// <summary>What happened at each past meeting, the last month first (roster numbers, criteria and points lost).</summary>
    private sealed record PastMeeting(int[] AbsentWithReason, int[] AbsentWithoutReason, (string Criterion, decimal Lost)[] Lost, string Conclusion);

    private static readonly PastMeeting[] History =
    [
        new([9], [], [("12", 1), ("17", 1)], "Tiếp tục vận động bà con giữ vệ sinh môi trường khu phố; hoàn thành thu quỹ vì người nghèo."),
        new([], [], [("10", 2), ("13", 1), ("18", 1), ("22", 1)], "Tổ chức ngày hội đại đoàn kết khu phố; rà soát hộ cận nghèo."),
        new([7], [12], [("12", 3), ("14", 2), ("20", 1), ("23", 2)], "Nhắc nhở đảng viên dự sinh hoạt đầy đủ; phối hợp tổ dân phố giải quyết việc lấn chiếm vỉa hè."),
        new([4], [], [("9", 1), ("11", 1), ("16", 1), ("21", 1), ("24", 1), ("25", 1)], "Triển khai học tập chuyên đề năm; vận động trồng cây xanh."),
        new([5, 10], [], [("12", 2), ("13", 2), ("17", 1), ("19", 1)], "Chuẩn bị đón Tết Trung thu cho thiếu nhi; kiểm tra an toàn phòng cháy."),
        new([], [], [("8", 1), ("12", 2)], "Phát động phong trào khu phố văn hóa; hoàn thiện hồ sơ kết nạp đảng viên mới."),
        new([8], [6, 12], [("9", 3), ("10", 3), ("11", 2), ("12", 5), ("13", 3), ("14", 3), ("16", 2), ("18", 2), ("19", 2), ("20", 2), ("21", 2), ("23", 2)],
            "Chấn chỉnh việc sinh hoạt chưa nền nếp; phân công đảng viên phụ trách từng tổ dân phố."),
        new([], [], [("13", 2)], "Tuyên truyền phòng chống dịch bệnh mùa hè; tổ chức hoạt động hè cho thiếu nhi."),
        new([3], [], [("12", 4), ("22", 2)], "Vận động đóng góp xây dựng nhà văn hóa khu phố."),
        new([9], [], [("10", 2), ("15", 1)], "Sơ kết quý; đôn đốc đảng viên hoàn thành bản cam kết tu dưỡng, rèn luyện."),
        new([], [], [("17", 2)], "Xây dựng kế hoạch công tác năm; phân công đảng viên theo dõi các hộ khó khăn."),
    ];

    private static readonly string[] Reasons = ["Đi công tác", "Ốm", "Việc gia đình"];

    /// <summary>Writes the demo when the database holds no cell, member or committee yet; true when it did.</summary>
    public bool SeedIfEmpty() => db.InTransaction(() =>
    {
        if (db.Cells.Count() > 0 || db.Members.Count() > 0 || db.Committees.Count() > 0) return false;
        var now = clock.UtcNow;
        var committee = new Committee
        {
            Name = CommitteeName, ChatKey = $"{ConsoleChannel.Name}:{ConsoleChannel.CommitteeChatId}", Channel = ConsoleChannel.Name,
            ChatId = ConsoleChannel.CommitteeChatId, CreatedAt = now,
            Members = [new CommitteeMember { UserKey = $"{ConsoleChannel.Name}:ha", DisplayName = "Phạm Thị Hà", AppointedAt = now }],
        };
        db.Committees.Insert(committee);
        var rubric = rubrics.Get(BuiltInRubrics.BacGiang2019);
        var cell = new Cell
        {
            Name = CellName, RubricId = rubric.Id, MeetingWindow = MeetingWindow.FixedDay, MeetingDay = 3, DefaultDues = Dues,
            ChatKey = $"{ConsoleChannel.Name}:{ConsoleChannel.GroupChatId}", Channel = ConsoleChannel.Name, ChatId = ConsoleChannel.GroupChatId,
            CreatedAt = now, CommitteeId = committee.Id,
        };
        db.Cells.Insert(cell);
        var roster = new List<Member>();
        foreach (var m in Members)
        {
            var member = new Member
            {
                CellId = cell.Id, Name = m.Name, Role = m.Role, Probationary = m.Probationary, Exempt = m.Exempt,
                Accounts = [$"{ConsoleChannel.Name}:{m.Id}"],
            };
            db.Members.Insert(member);
            roster.Add(member);
        }

        var month = YearMonth.Of(clock.Today);
        var count = Math.Max(PastMonths, month.Month - 1);
        for (var k = 0; k < count; k++)
        {
            month = month.Previous;
            Post(cell, rubric, roster, month, History[k % History.Length]);
        }
        return true;
    });

    private void Post(Cell cell, Rubric rubric, List<Member> roster, YearMonth month, PastMeeting past)
    {
        var holidays = clock.Holidays;
        var date = cell.Schedule().DueDate(month, holidays)!.Value;
        var record = new MeetingRecord
        {
            CellId = cell.Id.ToString(CultureInfo.InvariantCulture), Year = month.Year, Month = month.Month, RubricId = rubric.Id,
            WithThematic = month.Month % 3 == 0, Date = date, Start = new TimeOnly(14, 0), End = new TimeOnly(16, 30),
            Conclusion = past.Conclusion,
        };
        for (var i = 0; i < roster.Count; i++)
        {
            var m = roster[i];
            var number = i + 1;
            var status = m.Exempt ? AttendanceStatus.Exempt
                : past.AbsentWithoutReason.Contains(number) ? AttendanceStatus.AbsentWithoutReason
                : past.AbsentWithReason.Contains(number) ? AttendanceStatus.AbsentWithReason
                : AttendanceStatus.Present;
            record.Attendance.Add(new AttendanceEntry
            {
                MemberId = m.Id, Name = m.Name, Status = status,
                Reason = status == AttendanceStatus.AbsentWithReason ? Reasons[(number + month.Month) % Reasons.Length] : null,
            });
            record.Dues.Add(new DuesEntry { MemberId = m.Id, Name = m.Name, Amount = cell.DefaultDues, Paid = status != AttendanceStatus.AbsentWithoutReason });
        }

        var context = new SuggestionContext(month, record.Attendance, date, null, null, cell.Schedule(), holidays);
        foreach (var c in rubric.Criteria)
        {
            var points = Suggestions.For(c, context)?.Points ?? c.MaxPoints;
            record.Scores[c.Id] = Math.Max(0, points - past.Lost.Where(l => l.Criterion == c.Id).Sum(l => l.Lost));
        }
        record.Tasks.Add(new TaskItem { Who = roster[0].Name, What = "Báo cáo kết quả thực hiện kết luận tháng này", Due = month.Next.FirstDay.AddDays(1) });
        record.Tasks.Add(new TaskItem { Who = roster[3 + month.Month % 6].Name, What = "Phối hợp tổ dân phố triển khai kết luận", Due = month.LastDay });

        var card = new Scorecard(rubric, record.Scores);
        var secretary = roster[0];
        var postedAt = clock.At(date.AddDays(1), new TimeOnly(20, 0));
        var id = $"{cell.Id}:{month.Key}";
        db.Records.Insert(new PostedRecord
        {
            Id = id, CellId = cell.Id, Year = month.Year, Month = month.Month, Record = record, Total = card.Total!.Value, Rating = card.RatingLabel!,
            PostedBy = secretary.Accounts[0], PostedByName = $"{secretary.Name} ({Flows.Roster.RoleName(secretary.Role)})", PostedAt = postedAt, Revision = 1,
        });
        db.SaveReview(new ReviewDoc
        {
            Id = id, CellId = cell.Id, Year = month.Year, Month = month.Month, Status = ReviewStatus.Posted, Step = ReviewStep.Posted,
            CriterionIndex = rubric.Criteria.Count - 1, ReturnToSummary = true, Version = 1,
            OperatorKey = secretary.Accounts[0], OperatorName = secretary.Name, OperatorChannel = ConsoleChannel.Name, OperatorChatId = Members[0].Id,
            Record = record.Clone(),
            StartedAt = postedAt, UpdatedAt = postedAt,
        });
    }
}
