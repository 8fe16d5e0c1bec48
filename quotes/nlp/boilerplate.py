"""Recognise lines that are not article text: adverts, appeals, related-headline lists,
share and comment prompts, captions and picture credits, bylines and timestamps,
mastheads, cookie and embed notices, datelines, and paragraphs repeated by a scraper.

Returns character ranges to leave alone; the text itself is never changed, so every
offset still points into the original.

Each paragraph (a line, see :func:`quotes.nlp.marks.paragraphs`) is classified once:

* furniture on its own: a short label ("Hide Ad"), a prompt that opens the line
  ("Sign up to our politics newsletter"), a picture credit or caption label, a byline,
  a timestamp, a masthead, a cookie or social-embed notice, a share bar;
* furniture by position: the headline-like lines after a list header ("Most read"), the
  caption just above a credit line, the rest of a credit broken over lines, a repeat;
* part of a publisher's appeal: a run of paragraphs that address the reader about
  supporting, donating to or subscribing to the outlet's journalism;
* a caption: a short paragraph that ends in a picture credit.

Nothing that opens with a quotation mark, carries a speech verb ("said", "told") or
reports a finding ("figures show") is taken for an appeal, nor for a caption unless a
credit says so; appeal words inside quotation marks do not count. So politicians who
talk of support, and news about donations or newsletters, stay.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from quotes.text import paragraphs

# --- vocabulary ------------------------------------------------------------------------

# Mastheads of UK outlets and wire services, as they stand alone on a line.
OUTLETS = (
    r"BBC(?:\ News)?(?:\ (?:Online|Scotland|Wales|NI))? | ITV(?:\ News)?(?:\ \w+)?"
    r" | Sky\ News | Channel\ 4\ News | GB\ News | LBC | Reuters | Press\ Association"
    r" | The\ Guardian | The\ Observer | The\ Independent | The\ i | i(?:news|\ news)?"
    r" | The\ (?:Sunday\ )?Times | The\ (?:Daily\ |Sunday\ )?Telegraph | The\ Sun"
    r" | The\ Daily\ Mail | Daily\ Mail | Mail\ ?Online | The\ Mail\ on\ Sunday"
    r" | (?:The\ )?(?:Daily|Sunday)\ (?:Express|Mirror|Record|Star)"
    r" | (?:The\ )?(?:London\ )?Evening\ Standard | Metro | City\ A\.?M\.? | Financial\ Times"
    r" | (?:The\ )?Belfast\ Telegraph | (?:The\ )?News\ ?Letter | The\ Irish\ News"
    r" | The\ Scotsman | The\ (?:Sunday\ )?Herald | Sunday\ Herald | The\ National"
    r" | The\ Courier | (?:The\ )?Press\ and\ Journal | Western\ Mail | Wales\ ?Online"
    r" | Nation\.Cymru | Deeside\.com | (?:The\ )?Yorkshire\ Post | Manchester\ Evening\ News"
    r" | Liverpool\ Echo | Birmingham\ (?:Mail|Post) | The\ Northern\ Echo"
    r" | (?:The\ )?Eastern\ Daily\ Press | HuffPost(?:\ UK)? | The\ Week | New\ Statesman"
    r" | The\ Spectator | LabourList | ConservativeHome | PoliticsHome | politics\.co\.uk"
    r" | Total\ Politics | (?:The\ )?Morning\ Star | Sussex\ Express | Rochdale\ Online"
    r" | PA(?:\ Media)?"
)
# The last word of a picture credit: photo agencies and pools.
AGENCIES = (
    r"Getty(?:\ Images)? | PA(?:\ (?:Wire|Media|Images|Archive|Photos|Graphics))?"
    r" | Reuters | AFP(?:/Getty(?:\ Images)?)? | AP(?:\ Photo)? | Associated\ Press"
    r" | EPA(?:-EFE)? | Alamy(?:\ Stock\ Photo|\ Live\ News)? | Shutterstock"
    r" | Rex(?:\ Features)?(?:/Shutterstock)? | Bloomberg(?:\ via\ Getty(?:\ Images)?)?"
    r" | WireImage | SWNS | Mega | Handout | Supplied | ZUMA(?:\ Press|\ Wire)?"
    r" | Anadolu(?:\ Agency)? | NurPhoto | LightRocket | SOPA\ Images | iStock(?:photo)?"
    r" | PA\ Wire/PA\ Images"
)
MONTHS = (
    r"Jan(?:uary)? | Feb(?:ruary)? | Mar(?:ch)? | Apr(?:il)? | May | June? | July?"
    r" | Aug(?:ust)? | Sept?(?:ember)? | Oct(?:ober)? | Nov(?:ember)? | Dec(?:ember)?"
)
WEEKDAYS = r"Mon(?:day)? | Tue(?:s|sday)? | Wed(?:nesday)? | Thu(?:rs|rsday)? | Fri(?:day)?" \
    r" | Sat(?:urday)? | Sun(?:day)?"
# Words of a publisher's appeal. CORE words are about paying for the outlet: an appeal
# paragraph has one. PROMPT words make a sign-up or support line part of an appeal. The
# OTHER words count towards an appeal's density and carry it on from paragraph to paragraph.
APPEAL_CORE = r"donat\w* | subscri\w* | newsletters? | paywalls? | ad-free"
APPEAL_PROMPT = r"support\w* | contribut\w* | sign(?:ing)?[\ -]?up | journalism"
APPEAL_OTHER = (
    r"regist\w* | members(?:hip)? | journalists? | reporters? | readers? | reporting | news"
    r" | analysis | stories | story | facts | inbox | e-?mail | coverage | premium | free"
    r" | advert\w*"
)
APPEAL_MIN_TERMS = 2  # an appeal paragraph names at least two appeal words ...
APPEAL_WORDS_PER_TERM = 40  # ... and at least one in every forty words
HEADLINE_CHARS = 160  # a linked headline is no longer than this
SHORT_LINE = 300  # prompts, captions and credits are shorter than this
CREDIT_LINE = 80  # a credit on a line of its own is shorter still
HEADING_WORD_CHARS = 4  # in a title-case heading nearly every word this long ...
HEADING_CAPITALS = 0.8  # ... is capitalised
REPEAT_MIN_CHARS = 40  # shorter paragraphs ("He said:") repeat legitimately

# --- patterns --------------------------------------------------------------------------

_X = re.IGNORECASE | re.VERBOSE
_LEAD = r"^[\W_]*"  # bullets, dashes, "@", "|" before a label
_TRAIL = r"[\W_]*$"

# Short labels that make up the whole line: "Advertisement", "Hide Ad", "Share", "Related:".
LABEL_LINE = re.compile(
    _LEAD + r"""(?:
        advertisements? | advert | ad | hide\ ad | sponsored(?:\ content)? | promoted(?:\ \w+)?
      | paid\ (?:post|content|partnership) | partner\ content
      | share(?:\ (?:this|the|on)(?:\ \w+)?|\ article|\ story|\ page)? | copy\ link
      | link\ copied | comments?(?:\ \(\d+\))? | view\ comments | close | menu | search
      | log\ ?in | sign\ ?in | sign\ ?up | register | subscribe(?:\ now)? | donate(?:\ now)?
      | support(?:\ now|\ us)? | contribute(?:\ now)? | contact\ us | listen(?:\ to\ this
        \ article)? | print(?:\ this\ (?:article|page))? | image\ caption | media\ caption
      | image\ source(?:\s*,.{0,60})? | caption | video | summary\ of\ the\ story
      | story\ continues(?:\ below)?(?:\ (?:the\ )?advert(?:isement)?)? | continue\ reading
      | article\ continues(?:\ below)? | scroll\ (?:down|to\ continue) | trending(?:\ now)?
      | related | most\ read | top\ stories | latest | more | load\ more | show\ more
      | published | updated | first\ published | breaking | live | exclusive | opinion
      | [\d,]+\ comments? | (?:\d{4}\ )?(?:\w+\ ){0,3}(?:newspaper|website|publisher|news\ brand)
        \ of\ the\ year
    )""" + _TRAIL,
    _X,
)
# A line made only of share buttons: "Facebook Twitter WhatsApp Email".
SHARE_BAR = re.compile(
    r"""^(?:[\W_]*(?:share|facebook|twitter|x|whatsapp|e-?mail|messenger|linkedin|pinterest
        |reddit|copy(?:\ link)?|print|comments?|flipboard|telegram|bluesky|threads|sms)
        (?![\w'’]))+[\W_]*$""",
    _X,
)
# Prompts to the reader that open the line: sign up, subscribe, follow, comment, consent.
# A line with a speech verb is news about such things ("Support our farmers, she said").
READER_PROMPT = re.compile(
    _LEAD + r"""(?:
        sign\ ?up\b(?!-) | (?:please\ )?subscribe\b | become\ a\ (?:member|subscriber|supporter)\b
      | support\ (?:our|us|independent|the\ \w+\ today)\b | donate\b | contribute\ (?:now|today)\b
      | enter\ your\ e-?mail\b | (?:your\ )?e-?mail\ address\b
      | thanks?\ (?:you\ )?for\ (?:signing|subscribing|registering|reading)\b
      | you(?:'|’|\ a)re\ (?:now\ )?(?:subscribed|signed\ up)\b
      | by\ (?:signing|subscribing|submitting|registering|clicking|continuing)\b
      | we\ use\ your\ (?:sign-up|email|details)\b | something\ went\ wrong\b | invalid\ email\b
      | get\ (?:the|our)\ (?:latest|best|top|free|biggest)\b.{0,120}?\b(?:inbox|newsletters?|app
        |e-?mail|delivered)\b
      | follow\ (?:us|@|the\ latest|our)\b | follow\b[^.!?\n]{0,40}\bon\ (?:twitter|x|facebook
        |instagram|tiktok|threads|bluesky|linkedin|youtube|google\ news)\b
      | join\ (?:us\ on|our|the)\ (?:whatsapp|telegram|facebook|community|mailing|channel)\b
      | click\ (?:here|to)\b | tap\ (?:here|to)\b | download\ (?:the|our)\ (?:\w+\ )?app\b
      | listen\ to\ (?:the|our)\ (?:\w+\ )?podcast\b | watch\ more\b
      | want\ (?:to\ )?(?:read|more|to\ see|to\ know|to\ hear)\b
      | (?:do\ you\ have|got)\ a\ story\b | join\ the\ (?:debate|conversation)\b
      | what\ do\ you\ think\b.{0,60}\?
      | we\ use\ cookies\b | this\ (?:web)?site\ uses\ cookies\b
      | by\ (?:continuing|using|browsing)\b.{0,80}?\b(?:agree|accept|consent)\b
      | (?:accept|reject|allow|manage)\ (?:all\ )?(?:cookies|consent)\b
      | cookies?\ (?:policy|settings|preferences)\b | privacy\ (?:policy|notice|settings)\b
      | we\ and\ our\ partners\b | do\ not\ sell\ my\b | to\ view\ this\ content\b
      | allow\ (?:all\ )?[\w\ ]{0,20}\ content\b | view\ this\ post\ on\ \w+ | a\ post\ shared\ by\b
    )""",
    _X,
)
# Page furniture that opens the line whatever follows: teasers ("Read more: ..."), caption
# and credit labels ("Picture: PA"), credits, notes about the page, template placeholders.
FURNITURE_START = re.compile(
    _LEAD + r"""(?:
        read\ (?:more|next|the\ rest|also|the\ full|our)\b | also\ read\b | see\ also\b
      | more\s*: | more\ on\ this\ story\b | most\ read\b | related\s*: | watch\b.{0,30}:
      | skip\ to\b | pic\.twitter\.com/ | have\ your\ say\b | comments?\b.{0,40}(?:below|closed)
      | this\ (?:article|page|story|piece|content)\ (?:is\ more\ than\ \w+\ \w+\ old
        |was\ (?:first\ )?(?:published|edited|updated|amended|corrected)
        |has\ been\ (?:updated|amended|corrected)|is\ (?:not\ available|imported|hosted|provided)
        |cannot\ be\ (?:shown|displayed)|may\ not\ be)\b
      | image\ (?:caption|copyright|source|credit)\b | media\ caption\b
      | (?:main\ |top\ |header\ )?(?:image|photo|picture|pic|pictured|caption|credit|photograph)s?
        \s*: | photo(?:graph)?s?\ by\b | (?:additional\ )?(?:reporting|words|written|edited)\ by\b
      | copyright\s*(?:©|\(c\)|\d{4}) | © | \[\[\w+\]\]
    )""",
    _X,
)
# A picture credit on its own line: "Ian Forsyth/Getty Images", "(Image: PA)", "PA Wire".
_CAPITALISED = r"[A-Z][\w.'’&-]*(?:\ [A-Z][\w.'’&-]*){0,3}"  # "Ian Forsyth", "Daily Mirror"
CREDIT_LINE_PATTERN = re.compile(
    r"""^[(\[]?\s*(?:(?i:image|photo|picture|pic|credit|photograph|source)s?(?i:\ credit)?
        \s*[:,]\s*)?(?:""" + _CAPITALISED + r"""\s*/\s*){0,3}(?:""" + AGENCIES + r""")
        \s*[)\]]?\.?$
      | ^[(\[]?""" + _CAPITALISED + r"""(?:\s*/\s*""" + _CAPITALISED + r""")+[)\]]?$""",
    re.VERBOSE,
)
# A credit closing a caption: "... in Manchester (Image: Getty Images)", "... Photo: PA Wire".
CREDIT_TAIL = re.compile(
    r"""\s*(?:\((?i:image|photo|picture|pic|credit|photograph|source)s?(?i:\ credit)?\s*:
        [^()\n]{1,60}\) | \((?:[^()\n/]{1,40}/\s*)*(?:""" + AGENCIES + r""")\)
      | \b(?i:image|photo|picture|pic|credit|photograph)s?\s*:\s*[A-Z©][^.:\n]{0,60}
      | (?<=\ )(?:[A-Z][\w.'’-]*\ ){1,3}?[A-Z][\w.'’-]*\s*/\s*(?:""" + AGENCIES + r"""))\s*$""",
    re.VERBOSE,
)
# A caption label standing alone, whose credit follows on the next line(s): "Image:".
CAPTION_LABEL = re.compile(
    r"^\(?(?:image|photo|picture|pic|credit|photograph)s?(?:\ credit)?\s*:?\s*$", re.IGNORECASE
)
# The label a caption follows on the next line: "Image caption," (BBC).
CAPTION_HEADER = re.compile(r"^\s*(?:image|media|photo|picture|video)\ caption\s*[,:]?\s*$",
                            re.IGNORECASE)
# The rest of a credit broken over lines: "Mega)", "Daily Mirror/Andy Stenning)".
DANGLING_CREDIT = re.compile(r"^[^()\n]{1,60}\)$")
# "By Noel McAdam", "- By Jane Smith, Political Editor", "Written by ... on 17 October".
BYLINE = re.compile(
    r"""^[-–—•*|\s]*[Bb]y\s+[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|van|von|du|al|le|la))+
        (?:\s*[,|–—-]\s*[^.!?\n]{0,60})?$""",
    re.VERBOSE,
)
# A line that is only a name: a byline without "By", or a picture tag ("Anas Sarwar").
NAME_ONLY = re.compile(
    r"^(?!(?:The|An?)\ )[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
    r"(?:\ (?:Mc|Mac|O['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?){1,2}$"
)
# "Published 3 hours ago", "Updated: 14:32, 20 May 2020", "• Published", "Sun 15 Sept 2024".
# One token of a timestamp; each ends at a word boundary, so a line splits one way only.
_TIME_TOKEN = (
    r"(?:(?:\d+(?:[:./]\d+)*(?:st|nd|rd|th|am|pm)?|" + MONTHS + r"|" + WEEKDAYS
    + r"|ago|an?|hours?|hrs?|minutes?|mins?|days?|weeks?|months?|years?|am|pm|BST|GMT|UTC"
    r"|British\ Summer\ Time|today|yesterday|on|at)(?!\w)|[,|•:.-])"
)
TIMESTAMP = re.compile(
    _LEAD + r"(?:date\ )?(?:first\ |last\ )?(?:published|updated|posted|modified|issued)"
    r"(?:\ (?:on|at|date))?\s*:?(?:\s*" + _TIME_TOKEN + r")*\s*$"
    r"|^(?:(?:" + WEEKDAYS + r"),?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:" + MONTHS + r")\.?"
    r"|(?:" + MONTHS + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?,?)\s+\d{4}(?:\s*" + _TIME_TOKEN + r")*$"
    r"|^\d{1,2}[:.]\d{2}\s*(?:am|pm|BST|GMT)?(?:\s*" + _TIME_TOKEN + r")*$",
    _X,
)
# "Belfast Telegraph", "From Belfast Telegraph", "The National:", "© Daily Express 2017".
MASTHEAD = re.compile(
    r"^(?:[Ff]rom\ |©\s*|[Cc]opyright\ )?(?:" + OUTLETS + r")(?:\s*\d{4})?\s*:?$", re.VERBOSE
)
OUTLET_MENTION = re.compile(r"\b(?:" + OUTLETS + r")\b", re.VERBOSE)
# An embedded post's signature: "— Jane Smith MP (@janesmith) October 17, 2019".
EMBED_SIGNATURE = re.compile(
    r"^[—–-]\s*[^()\n]{1,60}\(@\w{1,30}\)\s*(?:" + MONTHS + r")\.?\s+\d{1,2},\s*\d{4}$", _X
)
# Headers that start a list of links: the short lines after them are headlines too.
LIST_HEADERS = re.compile(
    _LEAD + r"""(?:related(?:\ (?:articles?|stories|content|topics|news|coverage|links))?
      | more\ on\ this\ story | more\ (?:stories\ )?from\ [\w.\ ]{1,30} | more\ stories
      | read\ (?:more|next|also) | also\ read | most\ (?:read|popular|viewed|shared)
      | trending(?:\ now)? | top\ stories | latest(?:\ (?:news|stories|headlines))?
      | see\ also | you\ (?:may|might)\ (?:also\ )?like | recommended(?:\ for\ you)?
      | editor['’]?s\ picks | in\ other\ news)""" + _TRAIL,
    _X,
)
# "LONDON, May 06 (BBC):", "WASHINGTON (Reuters) -", "MANCHESTER, 3 June —".
DATELINE = re.compile(
    r"""^[A-Z][A-Z .'\-]{2,40}
        (?:,\s*(?:\d{1,2}\s+)?[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?(?:,?\s*\d{4})?)?
        \s*(?:\([^()\n]{2,40}\))?\s*[:—–-](?:\s|$)""",
    re.VERBOSE,
)
# Reported speech: a paragraph with one of these is news, never an appeal or a caption.
SPEECH_CUE = re.compile(
    r"\b(?:said|says|told|tells|added|adds|warned|insisted|argued|claimed|stated"
    r"|explained|according\ to|asked|replied|urged|announced|admitted|suggested|continued"
    r"|wrote|tweeted|accused|vowed|pledged|declared)\b",
    _X,
)
QUOTE_MARK = re.compile("[\"“”„«»]|(?<!\\w)['‘’](?=\\w)")
# A quoted stretch, to its closing mark or the end of the paragraph.
QUOTED = re.compile(
    "“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)|‘[^’]*(?:’(?!\\w)|$)|(?<!\\w)'[^']*(?:'(?!\\w)|$)"
)
OPENS_WITH_QUOTE = re.compile("^[\\W_]*[\"“”„«‘’']")
# Addressing the reader ("you", "your") or speaking as the outlet ("we", "our", "us";
# "US" in capitals is the country).
READER_ADDRESS = re.compile(
    r"\b(?i:you|your|yours|you['’](?:re|ve|ll)|we|our|ours|we['’](?:re|ve|ll|d))\b|\bus\b"
)
SECOND_PERSON = re.compile(r"\b(?:you|your|yours|you['’](?:re|ve|ll))\b", re.IGNORECASE)
# Findings ("our poll found", "figures show"): news, never an appeal.
FINDING = re.compile(r"\b(?:shows?|showed|shown|found|finds|reveal(?:s|ed)?|per\ cent)\b|\d%", _X)
APPEAL_CORE_TERM = re.compile(r"\b(?:" + APPEAL_CORE + r")\b", _X)
APPEAL_PROMPT_TERM = re.compile(r"\b(?:" + APPEAL_CORE + r" | " + APPEAL_PROMPT + r")\b", _X)
APPEAL_TERM = re.compile(
    r"\b(?:" + APPEAL_CORE + r" | " + APPEAL_PROMPT + r" | " + APPEAL_OTHER + r")\b", _X
)
WORD = re.compile(r"\w+")


def skipped_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of ``text`` that are not article text, in order."""
    paras = list(paragraphs(text))
    lines = [text[p.start:p.end] for p in paras]
    whole = [_is_furniture(line) for line in lines]
    _mark_positional(lines, whole)
    _mark_appeals(lines, whole)
    ranges: list[tuple[int, int]] = []
    for index, (para, line) in enumerate(zip(paras, lines, strict=True)):
        if whole[index]:
            ranges.append((para.start, para.end))
            continue
        if index == 0 and (match := DATELINE.match(line)):
            ranges.append((para.start, para.start + match.end()))
    return ranges


def _is_furniture(line: str) -> bool:
    """Whether the line is page furniture on its own, wherever it stands."""
    if LABEL_LINE.match(line) or SHARE_BAR.match(line) or MASTHEAD.match(line):
        return True
    if len(line) <= SHORT_LINE and (
        FURNITURE_START.match(line) or TIMESTAMP.match(line) or EMBED_SIGNATURE.match(line)
        or READER_PROMPT.match(line) and not SPEECH_CUE.search(line)
    ):
        return True
    if len(line) <= CREDIT_LINE and (
        CREDIT_LINE_PATTERN.match(line) or BYLINE.match(line) or NAME_ONLY.match(line)
    ):
        return True
    if len(line) <= SHORT_LINE and CREDIT_TAIL.search(line):
        return True  # a caption, with its credit
    half = len(line) // 2
    return len(line) >= 2 * REPEAT_MIN_CHARS and line[:half] == line[half:]  # alt text twice


def _mark_positional(lines: Sequence[str], whole: list[bool]) -> None:
    """Furniture by its neighbours: link lists, captions over credits, broken credits and
    repeated paragraphs."""
    seen: set[str] = set()
    in_list = False
    for index, line in enumerate(lines):
        if in_list and _looks_like_headline(line):
            whole[index] = True
            continue
        in_list = bool(LIST_HEADERS.match(line))
        whole[index] = whole[index] or in_list
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if not whole[index] and len(following) <= CREDIT_LINE and CREDIT_LINE_PATTERN.match(
            following
        ) and _is_caption(line) and not _is_heading(line):
            whole[index] = True
        if index and CAPTION_LABEL.match(lines[index - 1]) and DANGLING_CREDIT.match(line):
            whole[index] = True
        if index and CAPTION_HEADER.match(lines[index - 1]) and _is_caption(line) and (
                not _is_heading(line)):
            whole[index] = True  # "Image caption," then a caption: no quote, no full stop
        key = " ".join(line.split())
        if len(key) >= REPEAT_MIN_CHARS and key in seen:
            whole[index] = True
        seen.add(key)
        if len(key) >= 2 * REPEAT_MIN_CHARS and key[:len(key) // 2] == key[len(key) // 2:]:
            seen.add(key[:len(key) // 2])


def _mark_appeals(lines: Sequence[str], whole: list[bool]) -> None:
    """Skip each run of appeal-like paragraphs that holds at least one clear appeal.

    A clear appeal addresses the reader ("you", "we") with a CORE word and enough appeal
    words for its length. The paragraphs around it continue the appeal while they use an
    appeal word and speak to "you", name an outlet, or speak as "we" with a CORE word or
    two appeal words; furniture continues it too. One plain paragraph between two appeal
    paragraphs is taken in. The run ends at a paragraph that reads as news again.
    """
    strong = [False] * len(lines)
    weak = [False] * len(lines)
    for index, line in enumerate(lines):
        if whole[index]:
            weak[index] = True
            strong[index] = bool(APPEAL_PROMPT_TERM.search(line)) and len(line) <= SHORT_LINE
            continue
        if not _is_plain(line, SHORT_LINE * 10):
            continue
        own = QUOTED.sub(" ", line)  # the words of the page, not of someone it quotes
        terms = len(APPEAL_TERM.findall(own))
        core = bool(APPEAL_CORE_TERM.search(own))
        addressed = bool(READER_ADDRESS.search(own))
        if addressed and core and terms >= APPEAL_MIN_TERMS:
            strong[index] = len(WORD.findall(own)) <= APPEAL_WORDS_PER_TERM * terms
        weak[index] = strong[index] or bool(terms) and (
            bool(SECOND_PERSON.search(own)) or bool(OUTLET_MENTION.search(own))
            or addressed and (core or terms >= APPEAL_MIN_TERMS)
        )
    for index in range(1, len(lines) - 1):  # a single plain paragraph inside an appeal
        if not weak[index] and weak[index - 1] and weak[index + 1] and _is_plain(
            lines[index], SHORT_LINE
        ) and not any(ch.isdigit() for ch in lines[index]):
            weak[index] = True
    start = 0
    while start < len(lines):
        if not weak[start]:
            start += 1
            continue
        end = start
        while end < len(lines) and weak[end]:
            end += 1
        if any(strong[start:end]):
            for index in range(start, end):
                whole[index] = True
        start = end


def _is_caption(line: str) -> bool:
    """A short line that quotes nobody and reports no speech, as a picture caption."""
    return (
        0 < len(line) <= SHORT_LINE
        and not QUOTE_MARK.search(line)
        and not SPEECH_CUE.search(line)
        and not line.rstrip().endswith(":")
    )


def _is_heading(line: str) -> bool:
    """A sentence that ends like one, or a headline in title case: not a caption over a
    credit."""
    if line.rstrip(" \t”’\"'").endswith((".", "?", "!")):
        return True
    long_words = [word for word in WORD.findall(line) if len(word) >= HEADING_WORD_CHARS]
    capitals = sum(word[0].isupper() for word in long_words)
    return bool(long_words) and capitals >= HEADING_CAPITALS * len(long_words)


def _is_plain(line: str, longest: int) -> bool:
    """A paragraph no longer than ``longest`` that reports no speech and no findings."""
    return len(line) <= longest and not (
        OPENS_WITH_QUOTE.match(line) or SPEECH_CUE.search(line) or FINDING.search(line)
    )


def _looks_like_headline(line: str) -> bool:
    """A short line without a closing full stop, as in a list of links."""
    stripped = line.rstrip(" \t”’\"'")
    return len(line) <= HEADLINE_CHARS and (
        not stripped.endswith((".", "?", "!", ":")) or line.startswith(("- ", "• ", "* "))
    )
