using TrustPortal.Domain;
using TrustPortal.Domain.Trusts;

namespace TrustPortal.UnitTests.Trusts;

public sealed class TrustEditingRulesTests
{
    private static Trust TrustWithValues(params string[] names)
    {
        var trust = new Trust("a-trust", "A Trust");
        foreach (var name in names)
        {
            trust.AddValue(name, null);
        }
        return trust;
    }

    private static string Order(Trust trust) => string.Join(",", trust.Values.OrderBy(v => v.Position).Select(v => v.Name));

    [Fact]
    public void Moving_a_value_up_swaps_it_with_the_one_above()
    {
        var trust = TrustWithValues("A", "B", "C");
        trust.MoveValue(trust.Values[2], MoveDirection.Up);
        Assert.Equal("A,C,B", Order(trust));
        Assert.Equal([1, 2, 3], trust.Values.Select(v => v.Position).Order());
    }

    [Fact]
    public void The_first_value_cannot_move_up_and_the_last_cannot_move_down()
    {
        var trust = TrustWithValues("A", "B");
        Assert.Contains("already first", Assert.Throws<DomainRuleException>(() => trust.MoveValue(trust.Values[0], MoveDirection.Up)).Message, StringComparison.Ordinal);
        Assert.Contains("already last", Assert.Throws<DomainRuleException>(() => trust.MoveValue(trust.Values[1], MoveDirection.Down)).Message, StringComparison.Ordinal);
        Assert.Equal("A,B", Order(trust));
    }

    [Fact]
    public void Removing_a_value_closes_the_gap_and_a_new_value_goes_last()
    {
        var trust = TrustWithValues("A", "B", "C");
        trust.RemoveValue(trust.Values.Single(v => v.Name == "B"));
        Assert.Equal([1, 2], trust.Values.OrderBy(v => v.Position).Select(v => v.Position));
        trust.AddValue("D", null);
        Assert.Equal("A,C,D", Order(trust));
    }

    [Fact]
    public void A_value_of_another_trust_cannot_be_changed_moved_or_removed()
    {
        var mine = TrustWithValues("A", "B");
        var theirs = TrustWithValues("X").Values[0];
        Assert.Throws<DomainRuleException>(() => mine.UpdateValue(theirs, "Y", null, Audience.Public));
        Assert.Throws<DomainRuleException>(() => mine.MoveValue(theirs, MoveDirection.Up));
        Assert.Throws<DomainRuleException>(() => mine.RemoveValue(theirs));
    }

    [Fact]
    public void Renaming_a_value_to_another_values_name_is_refused_but_changing_its_own_case_is_not()
    {
        var trust = TrustWithValues("Innovation", "Care");
        Assert.Throws<DomainRuleException>(() => trust.UpdateValue(trust.Values[1], "innovation", null, Audience.Public));
        trust.UpdateValue(trust.Values[0], "INNOVATION", "New meaning", Audience.Staff);
        Assert.Equal("INNOVATION", trust.Values[0].Name);
        Assert.Equal(Audience.Staff, trust.Values[0].Audience);
    }

    [Fact]
    public void An_unknown_audience_is_refused() =>
        Assert.Throws<DomainRuleException>(() => TrustWithValues("A").UpdateValue(new Trust("b-trust", "B").AddValue("A", null), "A", null, (Audience)7));

    [Fact]
    public void Edits_keep_the_length_limits()
    {
        var trust = TrustWithValues("A");
        Assert.Throws<DomainRuleException>(() => trust.UpdateValue(trust.Values[0], new string('x', Limits.Heading + 1), null, Audience.Public));
        var section = trust.AddSection("Heading", "Body");
        Assert.Throws<DomainRuleException>(() => trust.UpdateSection(section, "Heading", new string('x', Limits.LongText + 1), Audience.Public));
        Assert.Throws<DomainRuleException>(() => trust.UpdateSection(section, "Heading", "  ", Audience.Public));
    }

    [Fact]
    public void Statement_items_move_and_are_removed_within_their_list()
    {
        var list = new Trust("a-trust", "A Trust").AddStatementList(StatementListKind.Beliefs, "We believe", null, null);
        var one = list.AddItem(null, "One");
        var two = list.AddItem(null, "Two");
        list.MoveItem(two, MoveDirection.Up);
        Assert.Equal(["Two", "One"], list.Items.OrderBy(i => i.Position).Select(i => i.Text));
        list.RemoveItem(two);
        Assert.Equal(1, one.Position);
        list.UpdateItem(one, "Title", "Changed");
        Assert.Equal(("Title", "Changed"), (one.Title, one.Text));
        var other = new Trust("b-trust", "B").AddStatementList(StatementListKind.Beliefs, null, null, null).AddItem(null, "Other");
        Assert.Throws<DomainRuleException>(() => list.UpdateItem(other, null, "x"));
    }

    [Fact]
    public void Sections_aims_and_lists_reorder_like_values()
    {
        var trust = new Trust("a-trust", "A Trust");
        var first = trust.AddSection("First", "Body");
        var second = trust.AddSection("Second", "Body");
        trust.MoveSection(first, MoveDirection.Down);
        Assert.Equal((2, 1), (first.Position, second.Position));
        var aim = trust.AddAimGroup("Aim one", null);
        var aim2 = trust.AddAimGroup("Aim two", null);
        trust.RemoveAimGroup(aim);
        Assert.Equal(1, aim2.Position);
        var point = aim2.AddItem("Point");
        aim2.UpdateItem(point, "Changed point");
        Assert.Equal("Changed point", point.Text);
    }

    [Fact]
    public void A_new_message_is_a_draft_with_a_unique_address_made_from_its_title()
    {
        var trust = new Trust("a-trust", "A Trust");
        var first = trust.AddDraftMessage("Happy New Year!", "Mark", "CEO", "Hello", Audience.Staff);
        var second = trust.AddDraftMessage("Happy new year", "Mark", null, "Hello again", Audience.Public);
        Assert.Equal("happy-new-year", first.Slug);
        Assert.Equal("happy-new-year-2", second.Slug);
        Assert.False(first.IsPublished);
        Assert.Equal(Audience.Staff, first.Audience);
    }

    [Fact]
    public void Publishing_dates_a_message_and_unpublishing_keeps_it_as_a_draft()
    {
        var message = new Trust("a-trust", "A Trust").AddDraftMessage("Summer", "Mark", null, "Hello", Audience.Public);
        Assert.Throws<DomainRuleException>(message.Unpublish);
        Assert.Throws<DomainRuleException>(() => message.Publish(default));
        message.Publish(new DateOnly(2026, 7, 1));
        Assert.True(message.IsPublished);
        Assert.Equal(new DateOnly(2026, 7, 1), message.PublishedOn);
        message.Unpublish();
        Assert.False(message.IsPublished);
    }

    [Fact]
    public void Editing_a_message_makes_its_title_and_role_the_trusts_own()
    {
        var message = new Trust("a-trust", "A Trust").AddMessage("letter", "Invented title", "Mark", "CEO", null, "Hello");
        message.MarkInvented(title: true, authorRole: true, date: false);
        message.Update("Real title", "Mark", "Chief executive", "Hello", Audience.Public);
        Assert.False(message.TitleIsInvented);
        Assert.False(message.AuthorRoleIsInvented);
    }

    [Theory]
    [InlineData("image/svg+xml")]
    [InlineData("text/html")]
    public void A_logo_that_is_not_a_raster_image_is_refused(string type) =>
        Assert.Throws<DomainRuleException>(() => new Trust("a-trust", "A Trust").SetLogo("abc.png", type));

    [Fact]
    public void A_logo_can_be_set_and_removed()
    {
        var trust = new Trust("a-trust", "A Trust");
        trust.SetLogo("abc.png", "image/png");
        Assert.Equal(("abc.png", "image/png"), (trust.LogoKey, trust.LogoContentType));
        trust.RemoveLogo();
        Assert.Null(trust.LogoKey);
    }

    [Fact]
    public void Setting_one_statement_leaves_the_others_alone()
    {
        var trust = new Trust("a-trust", "A Trust");
        trust.SetStatements("Intro", "Vision", "Mission", "Values");
        trust.SetVision("New vision");
        Assert.Equal(("Intro", "New vision", "Mission", "Values"), (trust.Introduction, trust.Vision, trust.Mission, trust.ValuesIntroduction));
        trust.SetMission(" ");
        Assert.Null(trust.Mission);
    }

    [Fact]
    public void Statements_are_public_until_given_an_audience_and_each_keeps_its_own()
    {
        var trust = new Trust("a-trust", "A Trust");
        Assert.Equal(Audience.Public, trust.VisionAudience);
        trust.SetVision("Inside vision", Audience.Staff);
        trust.SetValuesIntroduction("Values", Audience.Staff);
        Assert.Equal(("Inside vision", Audience.Staff), (trust.Vision, trust.VisionAudience));
        Assert.Equal((Audience.Public, Audience.Public, Audience.Staff), (trust.IntroductionAudience, trust.MissionAudience, trust.ValuesIntroductionAudience));
        trust.SetVision("Open vision", Audience.Public);
        Assert.Equal(Audience.Public, trust.VisionAudience);
    }

    [Fact]
    public void An_unknown_audience_is_refused_and_changes_nothing()
    {
        var trust = new Trust("a-trust", "A Trust");
        trust.SetMission("Mission", Audience.Public);
        var ex = Assert.Throws<DomainRuleException>(() => trust.SetMission("Changed", (Audience)7));
        Assert.Contains("public, or staff only", ex.Message, StringComparison.Ordinal);
        Assert.Equal(("Mission", Audience.Public), (trust.Mission, trust.MissionAudience));
    }

    [Fact]
    public void A_statement_too_long_is_refused_and_keeps_its_audience()
    {
        var trust = new Trust("a-trust", "A Trust");
        trust.SetIntroduction("Welcome", Audience.Public);
        Assert.Throws<DomainRuleException>(() => trust.SetIntroduction(new string('x', Limits.LongText + 1), Audience.Staff));
        Assert.Equal(("Welcome", Audience.Public), (trust.Introduction, trust.IntroductionAudience));
    }
}
