using ChiBo.Bot.Tests.Emulator;

namespace ChiBo.Bot.Tests.Harness;

/// <summary>Zalo users the tests share (ids are strings on Zalo). The admin is in ChiBo:Admins as "zalo:{id}".</summary>
public static class ZaloTestUsers
{
    public static readonly ZaloUser Admin = new("5a11e0c0ffee0001", "Nguyễn Văn An");
    public static readonly ZaloUser Binh = new("5a11e0c0ffee0002", "Trần Thị Bình");
    public static readonly ZaloUser Cuong = new("5a11e0c0ffee0003", "Lê Văn Cường");
    public static readonly ZaloUser Stranger = new("5a11e0c0ffee0999", "Khách");
}
