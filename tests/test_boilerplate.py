"""Lines that are not article text create no quotations."""

from __future__ import annotations

from itertools import pairwise

import pytest

from quotes.nlp.boilerplate import skipped_ranges
from quotes.text import paragraphs


def skipped_text(text: str) -> list[str]:
    return [text[s:e] for s, e in skipped_ranges(text)]


BEFORE = "Labour won the vote by 312 to 288 on Tuesday night."
AFTER = "The count went on into the early hours in Sunderland."


@pytest.mark.parametrize(
    "line",
    [
        # short labels, the whole line
        "Advertisement", "ADVERTISEMENT", "Hide Ad", "Sponsored", "Skip to main content",
        "Skip to main content Skip to navigation", "Story continues below advertisement",
        "Continue reading", "Share", "Copy link", "Facebook Twitter WhatsApp Email",
        "Share this article", "Media caption,", "Image caption,", "Image source, Getty Images",
        "Listen to this article", "@ Contact us", "2023 regional newspaper of the year",
        # prompts, from the start of the line
        "Support our journalism: donate today", "Have your say in the comments below",
        "Sign up to our free Holyrood politics newsletter",
        "Sign up for the Morning Briefing and get the day’s top stories in your inbox",
        "Enter your email address", "Thank you for signing up!",
        "Follow us on Facebook, Instagram and X", "Follow the Courier on Twitter",
        "Join our WhatsApp community for the latest from the Senedd",
        "Want to read more? Subscribe for unlimited access from £1 a week",
        "Get the latest Westminster news delivered straight to your inbox",
        "Watch more of our videos on YouTube!", "Click here to download our app",
        "Got a story? Email the newsdesk",
        "We use cookies to give you the best experience on our website.",
        "By continuing to use this site you agree to our use of cookies.",
        "This content is not available due to your privacy preferences",
        "Allow Twitter content?", "This article is more than 3 years old",
        "This article was amended on 4 May to correct the spelling of a name.",
        "[[title]] [[text]] Email address Sign up",
        # teasers
        "Read more: “Respect the result”, says PM", "Related:",
        "READ MORE: Councillors back plan for Tay crossing bypass",
        "MORE: Rail fares to rise by 4.9 per cent in March",
        # captions and credits
        "(Image: Getty Images)", "Picture: PA", "Photo: PA Wire", "Getty Images", "PA Media",
        "Stefan Rousseau/PA Wire", "Credit: Jane Barlow/PA", "© Press Association 2023",
        "Photo by Leon Neal/Getty Images",
        "Pictured: The Welsh secretary outside the Wales Office on Monday",
        "The prime minister arrives at Downing Street on Monday (Image: Getty)",
        "Campaigners with their “Save our library” banner outside the council offices. "
        "Picture: Tom Hale/National World",
        # bylines, timestamps, mastheads
        "By Rhiannon Price", "Rhiannon Price", "- By Tom Walsh, Political Editor",
        "By Jane Smith and Ali Khan",
        "Written by Staff Reporter on 3 May 2022 in News", "Additional reporting by PA",
        "Published 3 hours ago", "• Published", "Updated: 14:32, 20 May 2020",
        "Date published: 12 March 2021", "Thursday 4 July 2024 10:45 BST", "Sun 15 Sept 2024",
        "The Scotsman", "From Belfast Telegraph", "Daily Mirror",
        # social embeds
        "— Jane Smith MP (@janesmithmp) March 3, 2024",
    ],
)
def test_furniture_lines(line: str) -> None:
    text = f"{BEFORE}\n\n{line}\n\n{AFTER}"
    assert skipped_text(text) == [line]


@pytest.mark.parametrize(
    "line",
    [
        # donations, support and sign-ups as news
        "Labour received £5m in donations from unions in the last quarter, according to "
        "figures from the Electoral Commission.",
        "Conservative donors have threatened to withdraw their support if the party does not "
        "change course on tax.",
        "Support for the SNP has fallen to 31 per cent, the lowest level since 2014.",
        "Support our farmers, the NFU president told the conference in Birmingham.",
        "Sign-up rates for the scheme have fallen by a third since April, official figures show.",
        "Subscribers to the council’s text alert service will be told of bin collection changes.",
        "If you are struggling with your energy bills, support is available through the "
        "Household Support Fund, which councils run.",
        "The party’s newsletter, delivered to every home in the ward, claimed the council had "
        "wasted £2m on consultants.",
        "Readers of the Daily Mail backed Brexit by a wide margin, our poll of 2,000 voters found.",
        # politicians who say "support", "donate", "you", "we"
        "“We will support our members every step of the way,” said the Unite general secretary.",
        "“We urge everyone who can to donate to the food bank and to support our volunteers.”",
        "He said: “If you support this party, sign up and help us win in May.”",
        "Sir Keir said he would support the bill, and urged supporters to register to vote.",
        "Vermont senator Jane Doe asked supporters to “donate £3 to our campaign now”.",
        # pictures, photos and bylines as news
        "A picture of the minister at the party was published by the Mirror on Sunday.",
        "Photographs show the first minister leaving the building shortly after 6pm.",
        "Pictures of the rally were shared widely on social media.",
        "The Scottish Secretary (pictured) said the bill would be blocked.",
        "By the end of the night, Labour had gained 12 seats.",
        "By Tuesday Labour MPs were in open revolt over the cuts",
        "Published in March, the report found that one in four pupils missed school.",
        "Updated guidance for schools will be issued next week, the Department for Education said.",
        "Getty Images has been approached for comment.",
        "More than 200 MPs are expected to vote against the deal.",
        "Latest figures show unemployment rose to 4.2 per cent.",
        "The Independent Press Standards Organisation upheld the complaint.",
        "Copyright law will be reformed to protect artists, the culture secretary said.",
        "Democratic means", "The First Minister",
    ],
)
def test_news_lines_stay(line: str) -> None:
    text = f"{BEFORE}\n\n{line}\n\n{AFTER}"
    assert skipped_text(text) == []


def test_dateline_prefix() -> None:
    text = "LONDON, May 06 (BBC): Labour has taken control.\n\nMore text."
    assert skipped_text(text) == ["LONDON, May 06 (BBC): "]


@pytest.mark.parametrize(
    "header",
    ["Related:", "Most read", "You may also like", "Top stories", "Recommended", "Latest",
     "More on this story", "Read more"],
)
def test_related_headlines_list(header: str) -> None:
    text = ("Body text ends here.\n\n" + header + "\nBalls: ‘This Chancellor has failed’\n"
            "Budget 2013: the key points\n\nAnother paragraph of body text.")
    assert skipped_text(text) == [header, "Balls: ‘This Chancellor has failed’",
                                  "Budget 2013: the key points"]


def test_repeated_paragraph() -> None:
    para = "“We will get on with the job,” the prime minister said on Friday morning."
    text = f"{para}\n\nSomething else happened.\n\n{para}"
    assert skipped_text(text) == [para]
    assert skipped_ranges(text)[0][0] == text.rindex(para)


APPEAL = [
    "Your support helps us tell the story",
    "Support Now",
    "From Westminster to Holyrood, The Independent has reporters on the ground when the "
    "story is breaking.",
    "Whether it’s following the money or sitting through every council meeting, we know how "
    "much it matters to get the facts right.",
    "Your donation lets us keep sending journalists to the places where decisions are made.",
    "Unlike many other news outlets, we choose not to put our reporting behind a paywall.",
    "We think good journalism should be free to read, paid for by those who can afford it.",
    "Your support makes all the difference.",
]
NEWS_AFTER = ("The council’s leader said the strike had cost the city £12m, and that talks "
              "would resume on Monday.")


def test_appeal_block_is_skipped_whole() -> None:
    text = "\n\n".join([BEFORE, *APPEAL, NEWS_AFTER])
    assert skipped_text(text) == APPEAL


def test_appeal_in_one_paragraph() -> None:
    appeal = " ".join(APPEAL) + " Read more"
    text = f"{appeal}\n\n{NEWS_AFTER}\n\n{AFTER}"
    assert skipped_text(text) == [appeal]


def test_appeal_after_a_prompt() -> None:
    prompt = ["Subscribe to The Week",
              "Escape your echo chamber. Get the facts behind the news, with analysis from "
              "across the spectrum."]
    text = "\n\n".join([BEFORE, *prompt, "Here are the key moments of the speech.", AFTER])
    assert skipped_text(text) == prompt


def test_appeal_ends_where_news_resumes() -> None:
    text = "\n\n".join([
        "Independent journalism costs money. Your donation helps us keep our reporters in "
        "Westminster and our articles free to read. If you can, please support us today.",
        "Every contribution, however big or small, keeps our reporters in the newsroom.",
        "Labour’s general secretary said the party had received £3m in donations.",
        "“We are grateful for your support,” she said.",
    ])
    skipped = skipped_text(text)
    assert len(skipped) == 2
    assert skipped[1].startswith("Every contribution")


def test_plain_news_about_support_is_no_appeal() -> None:
    text = "\n\n".join([
        "Sign up to our politics newsletter",
        "Support for the party has fallen, and our analysis of 400 council seats shows why.",
        "Voters can register until midnight on Tuesday, the Electoral Commission said.",
    ])
    assert skipped_text(text) == ["Sign up to our politics newsletter"]


def test_caption_above_its_credit() -> None:
    caption = "The first minister at Bute House on Friday"
    text = f"{BEFORE}\n\n{caption}\n\nJane Barlow/PA Wire\n\n{AFTER}"
    assert skipped_text(text) == [caption, "Jane Barlow/PA Wire"]


def test_caption_under_its_label() -> None:
    caption = "Before the party decided to return, its ministers resigned on many occasions"
    quoted = 'The leader asks whether "the people in the council" are any different'
    text = (f"{BEFORE}\n\nImage caption,\n\n{caption}\n\nMedia caption,\n\n{quoted}"
            f"\n\n{AFTER}")
    assert skipped_text(text) == ["Image caption,", caption, "Media caption,"]


def test_sentence_above_a_credit_stays() -> None:
    sentence = "He did not elaborate."
    text = f"{BEFORE}\n\n{sentence}\n\nHandout/Reuters\n\n{AFTER}"
    assert skipped_text(text) == ["Handout/Reuters"]


def test_credit_broken_over_lines() -> None:
    text = (f"{BEFORE}\n\nThe leader spoke to the prime minister on Sunday (\n\nImage:\n\n"
            f"Daily Record/Jo Bloggs)\n\n{AFTER}")
    assert skipped_text(text) == ["Image:", "Daily Record/Jo Bloggs)"]


def test_caption_doubled_by_alt_text() -> None:
    caption = "The Welsh secretary warned ministers could block the bill."
    text = f"{BEFORE}\n\n{caption}{caption}\n\n{caption}\n\n{AFTER}"
    assert skipped_text(text) == [caption + caption, caption]


def test_ranges_are_sorted_offsets_into_the_text() -> None:
    text = "\n\n".join([
        "LONDON (PA) - Ministers met on Monday.", "Advertisement", *APPEAL, NEWS_AFTER,
        "Related:", "Budget 2013: the key points", AFTER, "Share this article",
    ])
    ranges = skipped_ranges(text)
    assert ranges == sorted(ranges)
    assert all(s < e <= next_s for (s, e), (next_s, _) in pairwise(ranges))
    starts = {p.start for p in paragraphs(text)}
    assert all(s in starts or s == 0 for s, _ in ranges)
