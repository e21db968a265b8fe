using LiteDB;
using System.Globalization;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Telegram;
using ChiBo.Core;
using ChiBo.Core.Meetings;
using Stateless;

namespace ChiBo.Bot.Flows.Review;

/// <summary>What the secretary's answer asks the machine to do.</summary>
public enum ReviewTrigger
{
    Next,
    Back,
    Edit,
    Cancel,
    Resume,
    Confirm,
}

/// <summary>
/// The secretary's meeting review, run in the officer's private chat:
/// Meeting → Attendance → Dues → Criteria (one per criterion) → Conclusion → Tasks → Summary → Posted.
/// "quay lại" goes back one step anywhere, "hủy" asks before abandoning, and every step can be reopened from
/// the summary (the next step then returns to it). The state lives in <see cref="ReviewDoc"/> in LiteDB; the
/// Stateless machine (<see cref="Machine"/>) only reads and writes it, so a restart resumes at the exact step.
/// What each step accepts is in <see cref="ReviewAnswers"/>, what it shows in <see cref="ReviewView"/>.
/// </summary>
public sealed class ReviewFlow(Database db, Access access, Rubrics rubrics, ReviewPosting posting, BotIdentity identity, CheckInFlow checkIns, Clock clock, Web.ReviewFormLinks webForm)
{
    public const string ButtonPrefix = "rv:";
    public const string StartPayload = "danhgia";

    /// <summary>
    /// The steps' transitions, in Stateless. Configuring a machine cost more than the rest of an answer's work, so each
    /// thread keeps one configured machine and points it at the update's review (<see cref="For"/>); the state is the
    /// review's <see cref="ReviewDoc.Step"/>, read and written through the accessor, so nothing of a review stays in it.
    /// </summary>
    public sealed class Machine : IDisposable
    {
        [ThreadStatic] private static Machine? _idle;

        private readonly StateMachine<ReviewStep, ReviewTrigger> _states;
        private readonly StateMachine<ReviewStep, ReviewTrigger>.TriggerWithParameters<ReviewStep> _edit;
        private ReviewDoc _doc = null!;
        private int _lastCriterion;
        private Action _onPosted = null!;
        private bool _broken;
        private bool _refused;

        /// <summary>The machine for one update's review; dispose it when the update is done with it.</summary>
        public static Machine For(ReviewDoc doc, int lastCriterion, Action onPosted)
        {
            var machine = _idle ?? new Machine(doc); // Stateless reads the state once when it is made
            _idle = null; // in use: a review handled inside this one's actions gets a machine of its own
            machine._doc = doc;
            machine._lastCriterion = lastCriterion;
            machine._onPosted = onPosted;
            return machine;
        }

        /// <summary>Fires the trigger when the step allows it; false, with nothing changed, when it does not. (One look-up
        /// instead of CanFire then Fire: Stateless evaluates the guards, and allocates, for each.)</summary>
        public bool TryFire(ReviewTrigger trigger, ReviewStep? target)
        {
            _refused = false;
            try
            {
                if (trigger == ReviewTrigger.Edit) _states.Fire(_edit, target!.Value);
                else _states.Fire(trigger);
                return !_refused;
            }
            catch
            {
                _broken = true; // an action threw half-way: this one is not used again
                throw;
            }
        }

        public void Dispose()
        {
            _doc = null!;
            _onPosted = null!;
            if (!_broken) _idle = this;
        }

        private bool Editing() => _doc.ReturnToSummary;
        private bool Walking() => !_doc.ReturnToSummary;

        private Machine(ReviewDoc doc)
        {
            _doc = doc;
            var m = _states = new StateMachine<ReviewStep, ReviewTrigger>(() => _doc.Step, s => _doc.Step = s);
            _edit = m.SetTriggerParameters<ReviewStep>(ReviewTrigger.Edit);
            m.OnUnhandledTrigger((_, _) => _refused = true); // instead of throwing: TryFire says so

            m.Configure(ReviewStep.Meeting)
                .PermitIf(ReviewTrigger.Next, ReviewStep.Attendance, Walking).PermitIf(ReviewTrigger.Next, ReviewStep.Summary, Editing)
                .PermitIf(ReviewTrigger.Back, ReviewStep.Summary, Editing)
                .Permit(ReviewTrigger.Cancel, ReviewStep.ConfirmCancel);
            m.Configure(ReviewStep.Attendance)
                .PermitIf(ReviewTrigger.Next, ReviewStep.Dues, Walking).PermitIf(ReviewTrigger.Next, ReviewStep.Summary, Editing)
                .PermitIf(ReviewTrigger.Back, ReviewStep.Meeting, Walking).PermitIf(ReviewTrigger.Back, ReviewStep.Summary, Editing)
                .Permit(ReviewTrigger.Cancel, ReviewStep.ConfirmCancel);
            m.Configure(ReviewStep.Dues)
                .PermitIf(ReviewTrigger.Next, ReviewStep.Criteria, Walking).PermitIf(ReviewTrigger.Next, ReviewStep.Summary, Editing)
                .PermitIf(ReviewTrigger.Back, ReviewStep.Attendance, Walking).PermitIf(ReviewTrigger.Back, ReviewStep.Summary, Editing)
                .Permit(ReviewTrigger.Cancel, ReviewStep.ConfirmCancel);
            m.Configure(ReviewStep.Criteria)
                .OnEntryFrom(ReviewTrigger.Next, () => _doc.CriterionIndex = 0)
                .OnEntryFrom(ReviewTrigger.Back, () => _doc.CriterionIndex = _lastCriterion)
                .InternalTransitionIf(ReviewTrigger.Next, _ => Walking() && _doc.CriterionIndex < _lastCriterion, _ => _doc.CriterionIndex++)
                .PermitIf(ReviewTrigger.Next, ReviewStep.Conclusion, () => Walking() && _doc.CriterionIndex == _lastCriterion)
                .PermitIf(ReviewTrigger.Next, ReviewStep.Summary, Editing)
                .InternalTransitionIf(ReviewTrigger.Back, _ => Walking() && _doc.CriterionIndex > 0, _ => _doc.CriterionIndex--)
                .PermitIf(ReviewTrigger.Back, ReviewStep.Dues, () => Walking() && _doc.CriterionIndex == 0)
                .PermitIf(ReviewTrigger.Back, ReviewStep.Summary, Editing)
                .Permit(ReviewTrigger.Cancel, ReviewStep.ConfirmCancel);
            m.Configure(ReviewStep.Conclusion)
                .PermitIf(ReviewTrigger.Next, ReviewStep.Tasks, Walking).PermitIf(ReviewTrigger.Next, ReviewStep.Summary, Editing)
                .PermitIf(ReviewTrigger.Back, ReviewStep.Criteria, Walking).PermitIf(ReviewTrigger.Back, ReviewStep.Summary, Editing)
                .Permit(ReviewTrigger.Cancel, ReviewStep.ConfirmCancel);
            m.Configure(ReviewStep.Tasks)
                .Permit(ReviewTrigger.Next, ReviewStep.Summary)
                .PermitIf(ReviewTrigger.Back, ReviewStep.Conclusion, Walking).PermitIf(ReviewTrigger.Back, ReviewStep.Summary, Editing)
                .Permit(ReviewTrigger.Cancel, ReviewStep.ConfirmCancel);
            m.Configure(ReviewStep.Summary)
                .OnEntry(() => _doc.ReturnToSummary = true)
                .PermitDynamic(_edit, step => step)
                .Permit(ReviewTrigger.Back, ReviewStep.Tasks)
                .Permit(ReviewTrigger.Confirm, ReviewStep.Posted)
                .Permit(ReviewTrigger.Cancel, ReviewStep.ConfirmCancel);
            m.Configure(ReviewStep.ConfirmCancel)
                .OnEntryFrom(ReviewTrigger.Cancel, t => _doc.StepBeforeCancel = t.Source)
                .PermitDynamic(ReviewTrigger.Resume, () => _doc.StepBeforeCancel)
                .PermitDynamic(ReviewTrigger.Back, () => _doc.StepBeforeCancel)
                .Permit(ReviewTrigger.Confirm, ReviewStep.Cancelled);
            m.Configure(ReviewStep.Posted).OnEntry(() => _onPosted());
            m.Configure(ReviewStep.Cancelled).OnEntry(() => _doc.Status = ReviewStatus.Cancelled);
        }
    }

    /// <summary>/danhgia [tháng] [mã chi bộ] in a group or a private chat: start, resume or offer to reopen a review.
    /// The cell's code is only needed in private by an officer of several cells (the typed form of the cell buttons); an officer
    /// of one cell may type it too, and a code of a cell they do not serve is refused by name.</summary>
    public Reply Start(ChatEvent ev, Cell? cell, string args)
    {
        var today = clock.Today;
        YearMonth? month = null; // none typed: each cell's current month (StartFor)
        var cells = ev.Chat.Kind == ChatKind.Private ? access.CellsWhereOfficer(ev.User) : [];
        var words = args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // A trailing number is a cell's code when a month precedes it, when the officer has several cells, or when it is their cell's.
        int? code = ev.Chat.Kind == ChatKind.Private && words.Length > 0 && int.TryParse(words[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var c)
            && (words.Length > 1 || cells.Count > 1 || cells.Any(x => x.Id == c)) ? c : null;
        var monthText = string.Join(' ', code is null ? words : words[..^1]);
        if (monthText.Length > 0)
        {
            if (!YearMonth.TryParse(monthText, out var typed))
                return new Reply().Say(ev.Chat, $"Không hiểu tháng \"{monthText}\". Hãy gõ theo mẫu: /danhgia {YearMonth.Of(today)}");
            month = typed;
        }

        if (ev.Chat.Kind == ChatKind.Group)
        {
            if (cell is null) return new Reply().Say(ev.Chat, "Nhóm này chưa được đăng ký là chi bộ. Quản trị viên gõ /taochibo Tên chi bộ để đăng ký.");
            return StartFor(ev, cell, month);
        }
        if (code is not null && cells.Count > 0)
            return cells.FirstOrDefault(x => x.Id == code) is { } chosen ? StartFor(ev, chosen, month)
                : new Reply().Say(ev.Chat, $"Đồng chí không là cán bộ của chi bộ mã {code}. Các chi bộ của đồng chí: {string.Join(", ", cells.Select(x => $"{x.Name} (mã {x.Id})"))}.");
        return cells.Count switch
        {
            0 => new Reply().Say(ev.Chat, "Đồng chí chưa là cán bộ (bí thư, phó bí thư, thư ký) của chi bộ nào đã liên kết tài khoản. Hãy gõ /lienket trong nhóm chi bộ trước."),
            1 => StartFor(ev, cells[0], month),
            _ => new Reply().Say(ev.Chat, $"Đồng chí muốn đánh giá {(month is { } m ? m.ToVietnamese() + " " : "")}cho chi bộ nào? (Hoặc gõ /danhgia trong nhóm của chi bộ đó.)",
                cells.Select(x => (Cell: x, Month: month ?? CurrentMonth(x)))
                    .Select(x => new List<Choice> { new($"{x.Cell.Name} (mã {x.Cell.Id})", $"{ButtonPrefix}{x.Cell.Id}:{x.Month.Year:D4}{x.Month.Month:D2}:0:start", $"/danhgia {x.Month} {x.Cell.Id}") }).ToList()),
        };
    }

    /// <summary>The month the cell's latest meeting counts for: with the 25th-to-5th window, a meeting on 27/10 is November's.</summary>
    private YearMonth CurrentMonth(Cell cell) => cell.Schedule().MonthOf(clock.Today);

    private Reply StartFor(ChatEvent ev, Cell cell, YearMonth? asked)
    {
        if (access.Check(cell, ev.User, Permission.Review) is { } refusal) return new Reply().Say(ev.Chat, refusal);
        var name = access.MemberOf(cell.Id, ev.User)?.Name; // the roster's name (asked once); null for an admin not on it
        var month = asked ?? CurrentMonth(cell);
        if (month > CurrentMonth(cell))
            return new Reply().Say(ev.Chat, $"Chưa thể đánh giá {month.ToVietnamese()} vì kỳ sinh hoạt tháng này chưa đến.");
        var reply = new Reply();
        WithdrawReopenOffers(ev.User);
        var id = $"{cell.Id}:{month.Key}";
        var doc = db.Review(id);
        var privateChat = ev.Chat.Kind == ChatKind.Private ? ev.Chat : Direct.ChatOf(db, ev.User) ?? new ChatRef(ev.User.Channel, ev.User.Id, ChatKind.Private);
        if (ev.Chat.Kind == ChatKind.Group)
        {
            var link = identity.Username.Length > 0 && ev.Chat.Channel == TelegramChannel.Name
                ? $" Nếu chưa thấy tin nhắn, hãy mở t.me/{identity.Username}?start={StartPayload} và bấm Bắt đầu."
                : " Nếu chưa thấy tin nhắn, hãy nhắn riêng cho ChiBo: /danhgia.";
            reply.Say(ev.Chat, $"{name ?? ev.User.DisplayName}: phần đánh giá {month.ToVietnamese()} đã được gửi vào tin nhắn riêng với đồng chí.{link}");
        }

        if (doc is { Status: ReviewStatus.Posted })
        {
            var posted = db.Records.FindById(id);
            TakeOver(doc, ev.User, privateChat, name);
            doc.ReopenOffered = true;
            Save(doc);
            return reply.Say(privateChat, $"{cell.Name}, {month.ToVietnamese()} đã được đánh giá và công bố ({Vietnamese.Points(posted?.Total ?? 0)} điểm, {posted?.Rating}). Đồng chí có muốn mở lại để sửa? Mọi thay đổi sẽ được ghi vào nhật ký.",
                [[new Choice("✏️ Mở lại để sửa", Data(doc, "reopen"), "mở lại"), new Choice("Thôi", Data(doc, "keep"), "thôi")]]);
        }

        if (doc is null or { Status: ReviewStatus.Cancelled })
        {
            doc = new ReviewDoc { Id = id, CellId = cell.Id, Year = month.Year, Month = month.Month, StartedAt = clock.UtcNow };
            doc.Record = new MeetingRecord { CellId = cell.Id.ToString(CultureInfo.InvariantCulture), Year = month.Year, Month = month.Month, RubricId = cell.RubricId };
        }
        var handedOver = HandOver(doc, cell, ev.User, name, reply);
        TakeOver(doc, ev.User, privateChat, name);
        var ctx = Load(doc);
        ctx.SyncWithRoster();
        var prefilled = string.Join("\n", new[] { handedOver, Prefill(ctx, ev.User, reply) }.OfType<string>());
        Save(doc);
        reply.Messages.AddRange(ReviewView.Prompt(ctx, prefilled.Length > 0 ? prefilled : null, inPlace: false).Messages);
        return reply;
    }

    /// <summary>Another officer continues a review in progress: the one who had it open is told who continues it,
    /// and the new one where it stands. Returns the note for the new operator, or null when nobody else had it.</summary>
    private static string? HandOver(ReviewDoc doc, Cell cell, ChatUser user, string? rosterName, Reply reply)
    {
        if (doc.Status != ReviewStatus.InProgress || doc.OperatorKey.Length == 0 || doc.OperatorKey == user.Key) return null;
        var name = rosterName ?? user.DisplayName;
        var month = new YearMonth(doc.Year, doc.Month);
        reply.Say(new ChatRef(doc.OperatorChannel, doc.OperatorChatId, ChatKind.Private),
            $"Đồng chí {name} đã tiếp tục phiên đánh giá {month.ToVietnamese()} của {cell.Name}. Các câu trả lời đồng chí đã nhập được giữ nguyên; "
            + $"nếu cần làm tiếp, gõ /danhgia {month}.");
        return $"Phiên đánh giá này do đồng chí {doc.OperatorName} đang làm dở; đồng chí tiếp tục từ bước hiện tại, các câu trả lời đã nhập được giữ nguyên.";
    }

    /// <summary>What the bot already knows: the meeting's date and time from its notice, and attendance from the group's
    /// check-in, which closes now. Only answers still empty are filled. Returns a note for the secretary, or null.</summary>
    private string? Prefill(ReviewContext ctx, ChatUser by, Reply reply)
    {
        var notes = new List<string>();
        if (ctx.Record.Date is null && ctx.Notice is { } n && n.Date <= ctx.Today)
        {
            ctx.Record.Date = n.Date;
            ctx.Record.Start = n.Start;
            notes.Add($"Ngày giờ họp lấy từ thông báo: {NoticeFlow.When(n)}. Bấm Tiếp tục nếu đúng, hoặc gõ ngày giờ khác.");
        }
        // The notice's agenda announcing a thematic meeting ("Sinh hoạt chuyên đề: …") records it with its topic.
        if (ctx.Record.ThematicTopic is null && ctx.Notice?.Agenda.FirstOrDefault(l => Roster.Fold(l).Contains("chuyen de", StringComparison.Ordinal)) is { } thematic)
        {
            ctx.Record.WithThematic = true;
            ctx.Record.ThematicTopic = thematic;
            notes.Add($"Sinh hoạt chuyên đề lấy từ thông báo: {thematic}.");
        }
        if (checkIns.CloseFor(ctx.Cell, ctx.Month, by.Key) is { } closed) reply.Messages.AddRange(closed.Messages);
        if (checkIns.Prefill(ctx.Cell, ctx.Record) is { } filled) notes.Add(filled);
        return notes.Count > 0 ? string.Join("\n", notes) : null;
    }

    internal static void TakeOver(ReviewDoc doc, ChatUser user, ChatRef privateChat, string? name = null)
    {
        doc.OperatorKey = user.Key;
        // The roster's name, in Vietnamese order; the account's display name only for someone not on the roster (an admin).
        doc.OperatorName = name ?? user.DisplayName;
        doc.OperatorChannel = privateChat.Channel;
        doc.OperatorChatId = privateChat.Id;
    }

    /// <summary>A typed answer in a private chat, for the user's review in progress (or the posted review they were
    /// asked to reopen); null when there is none.</summary>
    public Reply? HandleText(ChatEvent ev)
    {
        ReviewDoc? doc = null; // the newest of the open ones (in progress, or offered to reopen); the first of equals
        foreach (var open in OpenFor(ev.User))
            if (doc is null || open.UpdatedAt > doc.UpdatedAt) doc = open;
        if (doc is null) return null;
        var ctx = Load(doc);
        if (access.Check(ctx.Cell, ev.User, Permission.Review) is { } refusal) return new Reply().Say(ev.Chat, refusal);
        var answer = ReviewAnswers.FromText(ev.Text ?? "");
        return doc.Status == ReviewStatus.Posted ? AnswerReopen(ctx, answer, inPlace: false) : Apply(ctx, ev, answer, inPlace: false);
    }

    /// <summary>Buttons carry "rv:{cell}:{yyyyMM}:{version}:{action}"; anything else is refused without a change.</summary>
    public Reply HandleButton(ChatEvent ev)
    {
        var parts = ev.ButtonData![ButtonPrefix.Length..].Split(':', 4);
        if (parts.Length != 4 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var cellId)
            || parts[1].Length != 6 || !YearMonth.TryParse($"{parts[1][4..]}/{parts[1][..4]}", out var month)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            return new Reply { Toast = "Nút này không hợp lệ." };
        var cell = db.Cell(cellId);
        if (cell is null) return new Reply { Toast = "Nút này không hợp lệ." };
        if (access.Check(cell, ev.User, Permission.Review) is { } refusal) return new Reply { Toast = refusal };
        if (parts[3] == "start") return StartFor(ev, cell, month);

        var doc = db.Review($"{cell.Id}:{month.Key}");
        if (doc is null) return new Reply { Toast = "Nút này không hợp lệ." };
        if (doc.OperatorKey != ev.User.Key) return new Reply { Toast = $"Phiên đánh giá này đang do {doc.OperatorName} thực hiện. Gõ /danhgia {month} để tiếp tục thay." };
        var ctx = Load(doc);
        if (version != doc.Version)
        {
            var stale = doc.Status == ReviewStatus.InProgress ? ReviewView.Prompt(ctx, null, inPlace: true) : new Reply();
            stale.Toast = "Nút này đã cũ. Hãy dùng tin nhắn mới nhất.";
            return stale;
        }
        if (doc.Status == ReviewStatus.Posted) return AnswerReopen(ctx, ReviewAnswers.FromButton(parts[3]), inPlace: true);
        if (doc.Status != ReviewStatus.InProgress) return new Reply { Toast = "Phiên đánh giá này đã kết thúc." };
        return Apply(ctx, ev, ReviewAnswers.FromButton(parts[3]), inPlace: true);
    }

    /// <summary>The answer to "reopen this posted review?", pressed or typed ("mở lại" / "thôi").</summary>
    private Reply AnswerReopen(ReviewContext ctx, Answer a, bool inPlace)
    {
        var doc = ctx.Doc;
        if (a.Is("reopen", "mo lai", "mo lai de sua", "co"))
        {
            doc.Status = ReviewStatus.InProgress;
            doc.Step = ReviewStep.Summary;
            doc.ReturnToSummary = true;
            doc.ReopenOffered = false;
            Save(doc);
            return ReviewView.Prompt(ctx, "Đã mở lại. Sửa những gì cần rồi xác nhận để công bố lại.", inPlace);
        }
        if (a.Is("keep", "thoi", "khong", "giu nguyen"))
        {
            doc.ReopenOffered = false;
            Save(doc);
            return new Reply { Toast = "Giữ nguyên kết quả đã công bố." }.Wizard(ctx.OperatorChat, ctx.WizardKey, "Đã giữ nguyên kết quả đã công bố.", [], inPlace);
        }
        if (a.Button is not null) return new Reply { Toast = "Nút này không hợp lệ." };
        return new Reply().Say(ctx.OperatorChat, $"{ctx.Cell.Name}, {ctx.Month.ToVietnamese()} đã được công bố. Gõ \"mở lại\" để sửa, hoặc \"thôi\" để giữ nguyên.");
    }

    /// <summary>Starting or resuming a review answers any earlier "reopen?" question with no.</summary>
    private void WithdrawReopenOffers(ChatUser user)
    {
        foreach (var offered in OpenFor(user).Where(r => r.ReopenOffered).ToList())
        {
            offered.ReopenOffered = false;
            db.SaveReview(offered);
        }
    }

    /// <summary>Applies one answer: the step's rule decides; on error nothing changes and the same prompt comes back.</summary>
    private Reply Apply(ReviewContext ctx, ChatEvent ev, Answer answer, bool inPlace)
    {
        var doc = ctx.Doc;
        var outcome = ReviewAnswers.Handle(ctx, answer);
        if (outcome.Error is { } error)
        {
            // Reload so that nothing the handler touched survives.
            var fresh = Load(db.Review(doc.Id)!);
            var again = ReviewView.Prompt(fresh, "⚠️ " + error, inPlace);
            if (inPlace) again.Toast = Vietnamese.Shorten(error, 190);
            return again;
        }

        var posted = new Reply();
        using var machine = Machine.For(doc, ctx.LastCriterion, () => posting.Post(ctx, ev.User, posted));
        if (outcome.Trigger is { } trigger)
        {
            if (!machine.TryFire(trigger, outcome.EditTarget))
                return ReviewView.Prompt(Load(db.Review(doc.Id)!), outcome.Refusal ?? "⚠️ Không thể làm việc này ở bước hiện tại.", inPlace);
            foreach (var then in outcome.Then ?? [])
                machine.TryFire(then, null);
        }
        Save(doc);
        if (doc.Status == ReviewStatus.Cancelled)
            return new Reply().Wizard(ctx.OperatorChat, ctx.WizardKey, $"Đã hủy phiên đánh giá {ctx.Month.ToVietnamese()} của {ctx.Cell.Name}. Gõ /danhgia để bắt đầu lại.", [], inPlace);
        if (doc.Step == ReviewStep.Posted)
        {
            var text = posted.Messages.Count > 0 ? ReviewView.PostedText(ctx, posting.Preview(ctx)) : "Không có thay đổi nào so với kết quả đã công bố; kết quả giữ nguyên.";
            var done = new Reply().Wizard(ctx.OperatorChat, ctx.WizardKey, text, [], inPlace);
            done.Messages.AddRange(posted.Messages);
            done.Toast = "Đã công bố kết quả.";
            return done;
        }
        return ReviewView.Prompt(ctx, outcome.Notice, inPlace);
    }

    private List<ReviewDoc> OpenFor(ChatUser user) => db.OpenReviews(user.Key);

    private static BsonExpression IdIs(string id) => BsonExpression.Create("$._id = @0", id);

    internal void Save(ReviewDoc doc)
    {
        doc.Version++;
        doc.UpdatedAt = clock.UtcNow;
        db.SaveReview(doc);
    }

    internal ReviewContext Load(ReviewDoc doc)
    {
        var cell = db.Cell(doc.CellId) ?? throw new InvalidOperationException($"The review {doc.Id} has no cell {doc.CellId}.");
        var rubric = rubrics.Get(doc.Record.RubricId);
        return new ReviewContext(doc, cell, rubric, db.RosterEntries(cell.Id), clock.Today, clock.Zone, clock.Holidays)
        {
            PreviousLoader = () => db.Records.FindById($"{cell.Id}:{new YearMonth(doc.Year, doc.Month).Previous.Key}"),
            NoticeLoader = () => db.Notice(doc.Id),
            WebForm = webForm.Enabled ? webForm : null,
            TimeNow = TimeOnly.FromDateTime(clock.Now.DateTime),
            ReopenedLoader = () => db.Records.Exists(IdIs(doc.Id)),
        };
    }

    internal static string Data(ReviewDoc doc, string action) =>
        $"{ButtonPrefix}{doc.CellId}:{doc.Year:D4}{doc.Month:D2}:{doc.Version}:{action}";
}
