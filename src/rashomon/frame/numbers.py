"""Numbers: a numeral's value (digits, words, "16 тисяч") and what a counted noun counts."""

from __future__ import annotations

from spacy.tokens import Doc, Token
from text_to_num import text2num

from ..lang import LanguageData
from .words import FrameWords, frame_words


def number_value(token: Token, lang: LanguageData) -> int | None:
    """The whole number a numeral token (and the words it heads) says."""
    joiners = frame_words(lang).number_joiners
    numeral = lambda t: t.pos_ == "NUM" or t.like_num or t.lower_ in joiners
    doc, start, end = token.doc, token.i, token.i + 1
    # the numeral's own words, next to it: "trente et un", "двадцать пять" (not "23 of 31")
    while start > 0 and numeral(doc[start - 1]) and doc[start - 1].head.i in (token.i, doc[start].i):
        start -= 1
    while end < len(doc) and numeral(doc[end]) and doc[end].head.i in (token.i, doc[end - 1].i):
        end += 1
    value = words_number(list(doc[start:end]), lang)
    if value is not None:
        value = with_a_half(doc, start, end, value, lang) or (value // 2 if halved(doc, start, lang) else value)
    if end - start == 1 and not token.text[:1].isdigit() and "Plur" in token.morph.get("Number") \
            and value is not None and value >= 1000:
        return None  # "тысячи украинцев", "thousands of people": how many, it does not say
    return value


def with_a_half(doc: Doc, start: int, end: int, value: int, lang: LanguageData) -> int | None:
    """ "чотири з половиною тисячі" read from the "чотири", "four and a half thousand" read
    from the "thousand": the numeral, the words of a half, the multiplier."""
    for phrase in frame_words(lang).and_a_half:
        size = len(phrase.split())
        if end + size < len(doc) and doc[end].lower_ == phrase.split()[0] and doc[end:end + size].text.lower() == phrase:
            multiplier = words_number([doc[end + size]], lang)
            if multiplier is not None and multiplier >= 100 and value < multiplier:
                return int((value + 0.5) * multiplier)
        lead = doc[start - size - 1] if start - size - 1 >= 0 else None
        if lead is not None and value >= 100 and doc[start - size:start].text.lower() == phrase \
                and (lead.like_num or lead.pos_ == "NUM"):
            first = words_number([lead], lang)
            if first is not None and first < value:
                return int((first + 0.5) * value)
    return None


def halved(doc: Doc, start: int, lang: LanguageData) -> bool:
    """ "half a thousand", "un demi million": a word of halves right before the numeral,
    past an article ("полтысячи" is one word, in the numbers table)."""
    halves = frame_words(lang).halves
    for before in reversed(doc[max(start - 2, 0):start]):
        if before.lower_ in halves:
            return True
        if before.pos_ != "DET":
            return False
    return False


def words_number(words: list[Token], lang: LanguageData) -> int | None:
    """A number written in digits, or in words: by the language's number lemmas
    when it has them ("двадцать пять", "пяти"), else by text2num."""
    compact = "".join(t.text for t in words).replace("\u202f", "")
    if compact.isdigit():
        return int(compact)
    figure, _, ending = compact.partition("-")
    words_of = frame_words(lang)
    if figure.isdigit() and ending.lower() in words_of.numeral_endings:
        return int(figure)  # "6-ю ракетами": шестью
    if len(words) == 1 and words[0].lower_ in words_of.count_nouns:
        # "a dozen", "десяток"; not "dozens", nor "several dozen", "a few dozen" (an adjective's)
        vague = any(c.dep_ == "amod" for c in words[0].children)
        return None if vague else words_of.count_nouns[words[0].lower_]
    last = words[-1].lower_
    per = words_of.count_nouns.get(last) or words_of.count_nouns_plural.get(last)
    if per is not None and len(words) > 1:
        times = words_number(words[:-1], lang)  # "two dozen", "дві сотні", "deux centaines"
        return times * per if times is not None else None
    table = words_of.numbers
    if table:
        joiners = words_of.number_joiners
        # "16 тисяч": digits and number words together
        return compose([int(t.text) if t.text.isdigit() else table.get(t.lemma_.lower(), table.get(t.lower_))
                        for t in words if t.lower_ not in joiners])
    return parse_number(" ".join(t.text for t in words), lang)


def compose(values: list[int | None]) -> int | None:
    """Number words to a number: "двадцать пять" -> 25, "две тысячи" -> 2000."""
    if not values or any(v is None for v in values):
        return None
    total, part = 0, 0
    for value in values:
        if value >= 1000:
            total += (part or 1) * value
            part = 0
        elif value >= 100 and part and part < 10:
            part *= value
        else:
            part += value
    return total + part


def parse_number(text: str, lang: LanguageData) -> int | None:
    compact = text.replace("\u202f", "").replace(" ", "")
    if compact.isdigit():
        return int(compact)
    try:
        return text2num(text.lower(), lang.code)
    except (ValueError, KeyError, NotImplementedError):
        return None  # not a number text2num knows


def number_before(noun: Token, lang: LanguageData, words: FrameWords) -> int | None:
    """A numeral of several words right before a noun, whatever the parser made of it:
    "Trente et un drones", "vingt-deux missiles", "1 200 drones"."""
    doc, start = noun.doc, noun.i
    while start > 0 and (doc[start - 1].like_num or doc[start - 1].lower_ in words.number_joiners
                         or words_number([doc[start - 1]], lang) is not None):
        start -= 1
    while start < noun.i and doc[start].lower_ in words.number_joiners:
        start += 1
    phrase = doc[start:noun.i]
    if len(phrase) < 2:
        return None  # one word: the parse handles it
    return words_number(list(phrase), lang)


def at_least(noun: Token, words: FrameWords) -> bool:
    """ "au moins quatre drones", "plus de 40 drones": a lower bound."""
    before = noun.doc[max(noun.left_edge.i - 3, 0): noun.i].text.lower()
    return any(marker in before for marker in words.at_least)


def month(token: Token, words: FrameWords) -> bool:
    """A month's name, as the language's data writes it ("травня"; "May", a noun, not the verb)."""
    return (token.lower_ in words.months or token.text in words.months) and token.pos_ in ("NOUN", "PROPN")


def day_of_month(token: Token, words: FrameWords) -> bool:
    """A number right before a month's name: "4 травня", "12 марта", "4 May" is a date (not
    "two may have died": the month's name is a noun)."""
    doc = token.doc
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return (token.like_num or token.pos_ == "NUM") and following is not None \
        and month(following, words)


def count_of(noun: Token, lang: LanguageData, words: FrameWords) -> tuple[int | None, int | None]:
    """(count, out of) for a counted noun: "trois drones sur quatre" -> (3, 4)."""
    count, total = None, None
    if month(noun, words) or day_of_month(noun, words):
        return None, None  # "4 травня", "on 4 May": a date counts nothing
    if noun.pos_ == "PRON" and noun.lower_ in words.zero:
        return 0, None  # "nobody was hurt"
    if noun.pos_ == "NUM" or noun.like_num:
        if any(c.lower_ in words.zero for c in noun.children if c.dep_ in ("det", "advmod", "amod")):
            return 0, None  # "no one had been hurt"
        count = number_value(noun, lang)
        for child in noun.children:
            if child.dep_ == "nmod":
                _, total = count_of(child, lang, words)
                total = total or nummod_value(child, lang)
        return count, total
    out_of = n_of_m_before(noun, lang, words) or whole_then_part(noun, lang, words)
    if out_of is not None:
        return out_of
    numbers = [c for c in noun.children if not day_of_month(c, words)
               and (c.dep_ == "nummod" or ((c.pos_ == "NUM" or c.like_num) and c.i < noun.i))]
    for number in numbers:  # "23 of 31 missiles": the count hangs on the whole
        part = next((c for c in number.children if (c.like_num or c.pos_ == "NUM") and c.i < number.i
                     and any(t.lower_ in words.out_of for t in noun.doc[c.i + 1:number.i])), None)
        if part is not None:
            return number_value(part, lang), number_value(number, lang)
    phrase = number_before(noun, lang, words)
    if phrase is not None and len(numbers) < 2:
        count = phrase
        numbers = []
    if len(numbers) >= 2 and any(t.lower_ in words.out_of for t in noun.doc[numbers[0].i + 1:numbers[1].i]):
        # "trois des cinq missiles": the count, then the whole
        return number_value(numbers[0], lang), number_value(numbers[1], lang)
    for child in noun.children:
        if count is not None and phrase is not None:
            break
        if day_of_month(child, words):
            continue  # "4 травня доброволець загинув": the parse hung the date's day on the verb
        if child.dep_ == "nummod" and (child.like_num or child.pos_ == "NUM") and words.numbers.get(noun.lemma_.lower(), 0) >= 1000:
            count = number_value(child, lang) * words.numbers[noun.lemma_.lower()]  # "16 тисяч"
            phrase = count
            continue
        if child.dep_ == "nummod" or ((child.pos_ == "NUM" or child.like_num) and child.i < noun.i):
            count = number_value(child, lang)
        elif child.dep_ == "det" and child.lower_ in words.zero:
            count = 0
        elif child.dep_ == "det" and child.lower_ in words.one and count is None:
            count = 1
        elif child.dep_ == "nmod" and (child.pos_ == "NUM" or child.like_num) and any(
                c.lower_ in words.out_of for c in child.children if c.dep_ == "case"):
            total = number_value(child, lang)
    if count is None and total is None:
        stray = numeral_before(noun)
        if stray is not None:
            count = number_value(stray, lang)
    return count, total


def numeral_before(noun: Token) -> Token | None:
    """A numeral right before a noun and its adjectives that the parse hung on a word
    before it: "сбили две ракеты Storm Shadow, шесть американских снарядов HIMARS"
    (the parser gave "шесть" to "ракеты")."""
    doc, i = noun.doc, noun.i - 1
    while i >= 0 and doc[i].pos_ == "ADJ" and doc[i].head.i == noun.i:
        i -= 1
    if i < 0 or not (doc[i].pos_ == "NUM" or doc[i].like_num):
        return None
    numeral = doc[i]
    return numeral if numeral.head.i < numeral.i else None


def whole_then_part(noun: Token, lang: LanguageData, words: FrameWords) -> tuple[int, int] | None:
    """ "Из 40 дронов сбиты 35", "З 40 дронів збито 35": "of", the whole and its noun
    first, then the count of them, a bare number on the verb of the same sentence."""
    doc, i = noun.doc, noun.i - 1
    while i >= 0 and doc[i].pos_ == "ADJ":
        i -= 1
    if i < 1 or not (doc[i].like_num or doc[i].pos_ == "NUM") or doc[i - 1].lower_ not in words.out_of:
        return None
    if i >= 2 and (doc[i - 2].like_num or doc[i - 2].pos_ == "NUM"):
        return None  # "три з чотирьох ракет": the part comes first (n_of_m_before)
    part = next((t for t in doc[noun.i + 1:noun.sent.end] if (t.like_num or t.pos_ == "NUM")
                 and t.head.pos_ in ("VERB", "AUX") and not any(c.pos_ == "NOUN" for c in t.children)), None)
    if part is None:
        return None
    count, total = number_value(part, lang), number_value(doc[i], lang)
    return (count, total) if count is not None and total is not None and count <= total else None


def n_of_m_before(noun: Token, lang: LanguageData, words: FrameWords) -> tuple[int, int] | None:
    """ "три з чотирьох ракет", "three of the four missiles", whatever the parse: a number,
    "of", a number, then the noun (past its adjectives and articles)."""
    doc, i = noun.doc, noun.i - 1
    while i >= 0 and (doc[i].pos_ in ("ADJ", "DET") or doc[i].is_space):
        i -= 1
    if i < 2 or not (doc[i].like_num or doc[i].pos_ == "NUM") or doc[i - 1].lower_ not in words.out_of:
        return None
    first = doc[i - 2]
    if not (first.like_num or first.pos_ == "NUM"):
        return None
    count, total = number_value(first, lang), number_value(doc[i], lang)
    return (count, total) if count is not None and total is not None and count <= total else None


def nummod_value(noun: Token, lang: LanguageData) -> int | None:
    return next((number_value(c, lang) for c in noun.children if c.dep_ == "nummod"), None)
