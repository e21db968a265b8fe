namespace ChiBo.Bot.Flows;

/// <summary>A command, Vietnamese without diacritics, and what it does (shown in the menu and /help).</summary>
public sealed record BotCommandInfo(string Command, string Description, string Usage);

/// <summary>Every command in one list: the Telegram menu, /help and the README come from here.</summary>
public static class BotCommands
{
    public static readonly BotCommandInfo Help = new("help", "Hướng dẫn sử dụng", "/help");
    public static readonly BotCommandInfo Review = new("danhgia", "Đánh giá buổi sinh hoạt chi bộ", "/danhgia [tháng, ví dụ 11/2026] [mã chi bộ, khi đồng chí là cán bộ của nhiều chi bộ]");
    public static readonly BotCommandInfo Roster = new("danhsach", "Danh sách đảng viên của chi bộ", "/danhsach");
    public static readonly BotCommandInfo Link = new("lienket", "Liên kết tài khoản với danh sách chi bộ", "/lienket");
    public static readonly BotCommandInfo AddMember = new("themdv", "Thêm đảng viên (cán bộ chi bộ)", "/themdv Họ và tên [, dự bị] [, miễn] — mỗi dòng một người");
    public static readonly BotCommandInfo Exempt = new("mien", "Đánh dấu/bỏ miễn sinh hoạt (cán bộ chi bộ)", "/mien <số thứ tự>");
    public static readonly BotCommandInfo RemoveMember = new("xoadv", "Xóa đảng viên khỏi danh sách (cán bộ chi bộ)", "/xoadv <số thứ tự>");
    public static readonly BotCommandInfo Dues = new("dangphi", "Mức đảng phí mặc định (cán bộ chi bộ); đảng phí cả năm từng đảng viên", "/dangphi <số tiền> | /dangphi nam [mã chi bộ] [2026]");
    public static readonly BotCommandInfo RegisterCell = new("taochibo", "Đăng ký nhóm này là một chi bộ (quản trị)", "/taochibo Tên chi bộ");
    public static readonly BotCommandInfo Rubric = new("khungdiem", "Chọn khung tiêu chí chấm điểm (quản trị)", "/khungdiem <mã khung>");
    public static readonly BotCommandInfo MeetingDay = new("ngayhop", "Ngày sinh hoạt hằng tháng (quản trị)", "/ngayhop 3 hoặc /ngayhop 25-5");
    public static readonly BotCommandInfo Appoint = new("bonhiem", "Phân công bí thư, phó bí thư, thư ký (quản trị)", "/bonhiem <số thứ tự> <bithu|phobithu|thuky|bo>");
    public static readonly BotCommandInfo CellResult = new("ketqua", "Kết quả tháng của một chi bộ", "/ketqua [mã hoặc tên chi bộ] [tháng, ví dụ 11/2026]");
    public static readonly BotCommandInfo MonthReport = new("thang", "Kết quả các chi bộ trong tháng", "/thang [tháng, ví dụ 11/2026]");
    public static readonly BotCommandInfo QuarterReport = new("quy", "Tổng hợp quý của các chi bộ", "/quy [quý, ví dụ Q4/2026]");
    public static readonly BotCommandInfo YearReport = new("nam", "Xếp loại năm của các chi bộ", "/nam [năm, ví dụ 2026]");
    public static readonly BotCommandInfo Export = new("xuat", "Xuất bảng Excel: tháng, quý, năm, tiêu chí của một chi bộ", "/xuat thang 11/2026 | quy Q4/2026 | nam 2026 | chibo <mã> 2026");
    public static readonly BotCommandInfo Form = new("bieu", "Biểu tự chấm điểm của một tháng (Word)", "/bieu [mã chi bộ] [tháng, ví dụ 11/2026]");
    public static readonly BotCommandInfo Minutes = new("bienban", "Dự thảo biên bản sinh hoạt của một tháng (Word)", "/bienban [mã chi bộ] [tháng]");
    public static readonly BotCommandInfo Chart = new("bieudo", "Biểu đồ: điểm từng tháng, xếp hạng tháng, xếp loại năm", "/bieudo [2026] | thang 11/2026 | chibo <mã> 2026");
    public static readonly BotCommandInfo Participation = new("thamgia", "Dự họp và phát biểu của từng đảng viên trong năm", "/thamgia [mã chi bộ] [2026]");
    public static readonly BotCommandInfo Absentees = new("vangnhieu", "Đảng viên vắng sinh hoạt nhiều kỳ", "/vangnhieu [Q4/2026 hoặc 2026]");
    public static readonly BotCommandInfo Targets = new("chitieu", "Chỉ tiêu sinh hoạt của từng chi bộ (dự họp, phát biểu, chuyên đề, đúng hạn)", "/chitieu [2026]");
    public static readonly BotCommandInfo History = new("lichsu", "Lịch sử sửa đổi kết quả một tháng", "/lichsu [mã chi bộ] [tháng, ví dụ 11/2026]");
    public static readonly BotCommandInfo CommitteeComment = new("nhanxet", "Nhận xét của cấp ủy về kết quả một tháng (ủy viên cấp ủy)", "/nhanxet <mã chi bộ> <tháng> <nội dung>");
    public static readonly BotCommandInfo CommitteeAdjust = new("dieuchinh", "Cấp ủy điều chỉnh tổng điểm, có lý do (ủy viên cấp ủy)", "/dieuchinh <mã chi bộ> <tháng> <tổng điểm> <lý do>");
    public static readonly BotCommandInfo RegisterCommittee = new("taocapuy", "Đăng ký nhóm này là một cấp ủy (quản trị)", "/taocapuy Tên cấp ủy");
    public static readonly BotCommandInfo AttachCell = new("ganchibo", "Gắn chi bộ vào cấp ủy (quản trị)", "/ganchibo [mã chi bộ …]");
    public static readonly BotCommandInfo DetachCell = new("gochibo", "Gỡ chi bộ khỏi cấp ủy (quản trị)", "/gochibo <mã chi bộ>");
    public static readonly BotCommandInfo CommitteeMembers = new("uyvien", "Xin bổ nhiệm ủy viên cấp ủy; quản trị viên xem danh sách", "/uyvien");
    public static readonly BotCommandInfo RemoveCommitteeMember = new("xoauyvien", "Bỏ bổ nhiệm ủy viên cấp ủy (quản trị)", "/xoauyvien <số thứ tự>");
    public static readonly BotCommandInfo CheckIn = new("diemdanh", "Mở điểm danh buổi sinh hoạt trong nhóm (cán bộ chi bộ)", "/diemdanh [tháng]");
    public static readonly BotCommandInfo CloseCheckIn = new("dongdiemdanh", "Kết thúc điểm danh (cán bộ chi bộ)", "/dongdiemdanh");
    public static readonly BotCommandInfo Notice = new("thongbao", "Thông báo lịch sinh hoạt: ngày, giờ, địa điểm, nội dung (cán bộ chi bộ)", "/thongbao rồi mỗi dòng: ngày, giờ, địa điểm, nội dung");
    public static readonly BotCommandInfo ConfirmLink = new("xacnhan", "Xác nhận yêu cầu liên kết tài khoản (cán bộ chi bộ)", "/xacnhan <số thứ tự>");
    public static readonly BotCommandInfo RefuseLink = new("tuchoi", "Từ chối yêu cầu liên kết tài khoản (cán bộ chi bộ)", "/tuchoi <số thứ tự>");
    public static readonly BotCommandInfo Unlink = new("golienket", "Gỡ liên kết tài khoản của một đảng viên (cán bộ chi bộ; của cán bộ: quản trị)", "/golienket <số thứ tự>");
    public static readonly BotCommandInfo JoinGroup = new("noichibo", "Nối nhóm này (Zalo hoặc Telegram) vào một chi bộ đã đăng ký (quản trị)", "/noichibo <mã chi bộ>");

    public static readonly BotCommandInfo Import = new("nhapketqua", "Nhập kết quả các tháng trước từ sổ sách (cán bộ chi bộ, ủy viên cấp ủy)", "/nhapketqua rồi mỗi dòng: tháng và tổng điểm, ví dụ 10/2026 92,5");

    public static readonly BotCommandInfo Thematic = new("chuyende", "Ghi buổi sinh hoạt chuyên đề (cán bộ chi bộ); không kèm gì: xem các buổi trong năm", "/chuyende <ngày> <chủ đề>");
    public static readonly BotCommandInfo RemoveThematic = new("xoachuyende", "Xóa một buổi sinh hoạt chuyên đề ghi nhầm (cán bộ chi bộ)", "/xoachuyende <số thứ tự>");

    public static readonly IReadOnlyList<BotCommandInfo> Private = [Review, CellResult, MonthReport, QuarterReport, YearReport, Export, Form, Minutes, Chart, Participation, Absentees, Targets, Dues, History,
         CommitteeComment, CommitteeAdjust, Help];

    public static readonly IReadOnlyList<BotCommandInfo> Group =
        [Review, Roster, Link, ConfirmLink, RefuseLink, Unlink, AddMember, Exempt, RemoveMember, Dues, RegisterCell, JoinGroup, Rubric, MeetingDay, Appoint,
         Notice, CheckIn, CloseCheckIn, Thematic, RemoveThematic, Import, CellResult, MonthReport, QuarterReport, YearReport, Export, Form, Minutes, Chart, Participation, Absentees, Targets, History, CommitteeComment, CommitteeAdjust, RegisterCommittee, AttachCell, DetachCell,
         CommitteeMembers, RemoveCommitteeMember, Help];

    public static string HelpText() =>
        "ChiBo giúp chi bộ ghi điểm danh, đảng phí, chấm điểm và công bố kết quả sinh hoạt hằng tháng.\n\n"
        + "Các lệnh:\n"
        + string.Join("\n", Group.Select(c => $"• {c.Usage} — {c.Description}"))
        + "\n\nKhi đang đánh giá (trong tin nhắn riêng), đồng chí có thể gõ \"quay lại\" để trở về bước trước hoặc \"hủy\" để bỏ phiên đánh giá.";
}
