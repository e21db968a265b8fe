using ChiBo.Bot.Flows.Review;
using ChiBo.Bot.Storage;

namespace ChiBo.Bot.Tests.Units;

/// <summary>The review's Stateless machine is configured once per thread and pointed at each update's review
/// (<see cref="ReviewFlow.Machine"/>): one review's answer never moves another review, nor uses another's rubric length or
/// posting action, and an action that throws leaves the next update a working machine.</summary>
public sealed class ReviewMachineTests
{
    [Fact]
    public void Each_update_moves_only_its_own_review_with_its_own_rubric_length()
    {
        var first = new ReviewDoc { Id = "1:2026-10", Step = ReviewStep.Criteria, CriterionIndex = 3 };
        var second = new ReviewDoc { Id = "2:2026-10", Step = ReviewStep.Dues };

        using (var machine = ReviewFlow.Machine.For(first, lastCriterion: 4, () => { }))
            Assert.True(machine.TryFire(ReviewTrigger.Next, null));
        using (var machine = ReviewFlow.Machine.For(second, lastCriterion: 0, () => { }))
            Assert.True(machine.TryFire(ReviewTrigger.Next, null));

        Assert.Equal((ReviewStep.Criteria, 4), (first.Step, first.CriterionIndex));
        Assert.Equal((ReviewStep.Criteria, 0), (second.Step, second.CriterionIndex));

        // The second review's rubric has one criterion: its Next leaves the criteria; the first one's (five) does not go back.
        using (var machine = ReviewFlow.Machine.For(second, lastCriterion: 0, () => { }))
            Assert.True(machine.TryFire(ReviewTrigger.Next, null));
        using (var machine = ReviewFlow.Machine.For(first, lastCriterion: 4, () => { }))
        {
            Assert.True(machine.TryFire(ReviewTrigger.Back, null));
            Assert.False(machine.TryFire(ReviewTrigger.Confirm, null));
        }
        Assert.Equal(ReviewStep.Conclusion, second.Step);
        Assert.Equal((ReviewStep.Criteria, 3), (first.Step, first.CriterionIndex));
    }

    [Fact]
    public void A_posting_action_that_throws_leaves_the_next_update_a_working_machine()
    {
        var failing = new ReviewDoc { Id = "1:2026-10", Step = ReviewStep.Summary, ReturnToSummary = true };
        using (var machine = ReviewFlow.Machine.For(failing, lastCriterion: 4, () => throw new InvalidOperationException("disk full")))
            Assert.Throws<InvalidOperationException>(() => machine.TryFire(ReviewTrigger.Confirm, null));

        var next = new ReviewDoc { Id = "2:2026-10", Step = ReviewStep.Summary, ReturnToSummary = true };
        var posted = new List<string>();
        using (var machine = ReviewFlow.Machine.For(next, lastCriterion: 4, () => posted.Add(next.Id)))
        {
            Assert.True(machine.TryFire(ReviewTrigger.Confirm, null));
        }
        Assert.Equal(ReviewStep.Posted, next.Step);
        Assert.Equal(["2:2026-10"], posted);
    }

    [Fact]
    public void A_review_moved_inside_another_ones_action_does_not_take_its_machine()
    {
        var outer = new ReviewDoc { Id = "1:2026-10", Step = ReviewStep.Summary, ReturnToSummary = true };
        var inner = new ReviewDoc { Id = "2:2026-10", Step = ReviewStep.Meeting };
        using (var machine = ReviewFlow.Machine.For(outer, lastCriterion: 4, () =>
               {
                   using var other = ReviewFlow.Machine.For(inner, lastCriterion: 2, () => { });
                   Assert.True(other.TryFire(ReviewTrigger.Next, null));
               }))
        {
            Assert.True(machine.TryFire(ReviewTrigger.Confirm, null));
            // Still the posted review's machine (nothing to fire), not the inner one's (at attendance, where "hủy" is allowed).
            Assert.False(machine.TryFire(ReviewTrigger.Cancel, null));
        }
        Assert.Equal(ReviewStep.Attendance, inner.Step);
        Assert.Equal(ReviewStep.Posted, outer.Step);
    }
}
