"""Real development corpora, read from fetched copies of public repositories.

No text of these corpora is in this repository: each reader takes the git directory
that the search tool's ``fetch`` brought (``MIRROR/<owner>+<name>/repo``, a bare
snapshot with no work tree) and reads the files of its newest commit with git, so
that a fresh machine rebuilds the same cases from the same public data. What *is* in
this repository is the annotation (``gold/<corpus>/<document id>.json``) and, in
each gold file, the sha256 of the text it was written on: a text that changed
upstream is refused rather than scored against gold written for another text.

| corpus | repository | licence | language |
|---|---|---|---|
| ``telegram-ru`` | NKTKLN/telegram-news-classifier | CC BY 4.0 (data/LICENCE.md) | ru |
| ``resistinua-uk`` | Amice13/resistinua | CC0 (LICENSE) | uk |
| ``zelenskyy-en`` | felipemaiapolo/zelenskyy_speeches | MIT (LICENSE) | en |
| ``polnear`` | networkdynamics/PolNeAR | no licence file; its package declares MIT | en |
| ``presidents-en`` | PeiYiZhuo/zelenskyy-putin | no licence file; the texts are kremlin.ru's and president.gov.ua's, both CC BY 4.0 | en |
| ``firstchannel-ru`` | lobsterbush/kremlin-speeches | no licence file; the texts are Channel One Russia's (1tv.ru) | ru |
| ``warline-uk`` | museum-of-war/web | no licence file; the texts are the Meta History Museum of War's | uk |
| ``warline-en`` | museum-of-war/web | the same line's English descriptions | en |

``../shared/eval/heldout.txt`` lists what is held out; every reader here drops it
before anything else sees a text (``Heldout``), and PolNeAR's test split is never
read at all. Standard library only.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import re
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parents[2]
HELDOUT_FILE = ROOT.parent / "shared" / "eval" / "heldout.txt"
SHARED_CASES = ROOT.parent / "shared" / "eval"
GOLD = Path(__file__).resolve().parent / "gold"


class CorpusError(Exception):
    """A mirror that is missing or does not hold what a corpus needs."""


# --- the fetched snapshots ----------------------------------------------------

def git_dir(mirror: Path, repo: str) -> Path:
    """The git directory of ``owner/name`` under a folder of fetched snapshots."""
    owner, name = repo.split("/")
    for candidate in (mirror / f"{owner}+{name}" / "repo", mirror / f"{owner}+{name}", mirror / name):
        if (candidate / "HEAD").exists() or (candidate / ".git").exists():
            return candidate
    raise CorpusError(f"no fetched copy of {repo} under {mirror} (fetch github:{repo} first)")


def git(gitdir: Path, *args: str) -> bytes:
    return subprocess.run(["git", f"--git-dir={gitdir}" if (gitdir / "HEAD").exists() else f"--git-dir={gitdir}/.git",
                           *args], check=True, capture_output=True).stdout


def git_files(gitdir: Path, prefix: str) -> list[str]:
    """The paths under ``prefix`` in the newest commit."""
    out = git(gitdir, "ls-tree", "-r", "--name-only", "HEAD", "--", prefix).decode("utf-8")
    return [line for line in out.splitlines() if line]


def git_read(gitdir: Path, path: str) -> bytes:
    """A file of the newest commit; a snapshot lacks files of 4 MiB and more."""
    try:
        return git(gitdir, "show", f"HEAD:{path}")
    except subprocess.CalledProcessError as err:
        raise CorpusError(f"{path} is not in the fetched copy {gitdir}: {err.stderr.decode().strip()}") from err


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def split_of(doc_id: str) -> str:
    """Half of each corpus is for development (``train``: rules, the confidence model),
    half for measuring (``dev``), by a hash of the document id so that it never moves. A
    translation's id is its original's with ``@<language>`` ("warline-460@en"): it falls in
    the same half, so no text is developed on in one language and measured in another."""
    return "dev" if int(sha256(doc_id.split("@")[0])[:8], 16) % 2 == 0 else "train"


# --- what is held out -----------------------------------------------------------

@dataclass
class Heldout:
    """``heldout.txt``: kinds (``telegram``, ``resistinua``) to keys that must not be read."""

    keys: dict[str, set[str]]

    @classmethod
    def load(cls, path: Path = HELDOUT_FILE) -> "Heldout":
        keys: dict[str, set[str]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                kind, key = line.split(None, 1)
                keys.setdefault(kind, set()).add(key.strip())
        return cls(keys)

    def telegram(self, text: str) -> bool:
        return sha256(text)[:16] in self.keys.get("telegram", set())

    def resistinua(self, doc_id: str) -> bool:
        return doc_id in self.keys.get("resistinua", set())

    @staticmethod
    def zelenskyy(published: str) -> bool:
        """Every speech of June or July 2022."""
        return published[:7] in ("2022-06", "2022-07")


# --- the corpora ------------------------------------------------------------------

@dataclass
class Corpus:
    name: str
    repo: str
    lang: str
    licence: str
    read: Callable[[Path, Heldout], Iterator[dict]]   # every document that is not held out
    relevant: Callable[[dict], bool]                   # may be drawn for annotation
    draw: int                                          # how many the annotation draws
    per_publisher: int | None = None                   # at most this many of one publisher
    # a drawn document worth annotating: the first resistinua draw held 24 bare titles
    # of video briefings (3 to 29 words); they were dropped and the draw went on down
    # the same shuffled list, so the documents annotated first kept their place
    keep: Callable[[dict], bool] = lambda d: True


def read_telegram(gitdir: Path, heldout: Heldout) -> Iterator[dict]:
    """One document a post of ``data/raw/<channel id>_messages.json``; a post listed in
    heldout.txt, or one the shared ``ru-telegram`` case already holds, is skipped."""
    shared = {d["text"] for d in json.loads((SHARED_CASES / "ru-telegram.case.json").read_text("utf-8"))["documents"]}
    for path in git_files(gitdir, "data/raw"):
        channel = Path(path).name.split("_")[0]
        for post in json.loads(git_read(gitdir, path)):
            text = post.get("text") or ""
            if not text.strip() or heldout.telegram(text) or text in shared:
                continue
            yield {"id": f"tg{channel}-{post['message_id']}", "lang": "ru", "publisher": post["channel"],
                   "published": post["date"], "url": None, "text": text}


STRIKE_RU = re.compile(
    r"беспилотник|БПЛА|дрон[аыовем]|\bдрон\b|ракет[аыуойе]|\bПВО\b|обстрел|сбит[ыо]?\b|сбили|перехвач|"
    r"прил[её]т|\bудар[аыуом]?\b|атак[аиуовеой]", re.IGNORECASE)
WAR_RU = re.compile(r"Украин|ВСУ|ВС РФ|Минобороны|губернатор|област|Курск|Белгород|Брянск|Киев|Харьков|"
                    r"Одесс|Крым|Донецк|Запорож|Херсон|Ростов|Воронеж|Москв", re.IGNORECASE)


def about_strike_ru(doc: dict) -> bool:
    """A post that reports a strike, an attack or an interception: two war words, one a place."""
    text = doc["text"]
    return len(STRIKE_RU.findall(text)) >= 2 and bool(WAR_RU.search(text)) and len(text.split()) >= 12


def js_objects(source: str) -> list[dict]:
    """The array of object literals of one ``static/content/messages*.js`` file.

    The files are JavaScript, not JSON: bare keys, strings in '…' with backslash
    escapes or in `…` (no ``${}``), trailing commas. This reads exactly that: the
    first array literal, as Python lists, dicts and strings."""
    stack: list[tuple[list | dict, str | None]] = []
    key: str | None = None
    i = source.index("[")
    while True:
        c = source[i]
        if c in "[{":
            stack.append(([] if c == "[" else {}, key))  # the key the new container goes under
            key = None
        elif c in "]}":
            value, key = stack.pop()
            if not stack:
                return value
            key = _put(stack[-1][0], key, value)
        elif c in "'`\"":
            value, i = _string(source, i)
            key = _put(stack[-1][0], key, value)
            continue
        elif c.isalnum():
            word = re.compile(r"\w+").match(source, i).group()
            i += len(word)
            if isinstance(stack[-1][0], dict) and key is None:
                key = word
            else:  # (a number stays as written: "dayNo: 67")
                key = _put(stack[-1][0], key, {"true": True, "false": False, "null": None}.get(word, word))
            continue
        i += 1


def _string(source: str, i: int) -> tuple[str, int]:
    """The string literal opening at ``i``, and the index after it."""
    mark, j, out = source[i], i + 1, []
    while source[j] != mark:
        if source[j] == "\\" and mark != "`":
            out.append({"n": "\n", "t": "\t"}.get(source[j + 1], source[j + 1]))
            j += 2
        else:
            out.append(source[j])
            j += 1
    return "".join(out), j + 1


def _put(container, key, value):
    """Add a value to a list or, under ``key``, to a dict; the key is used up."""
    if isinstance(container, dict):
        if key is None:
            return value  # a string in key position: the key itself
        container[key] = value
    else:
        container.append(value)
    return None


def iso_time(value: str | None) -> str | None:
    """The corpus's time as ISO 8601: a few items give an hour of 24 ("2022-03-11T24:04:30"),
    which is four minutes past midnight of the next day."""
    if not value:
        return None
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})T24(:.*)", value)
    if match is None:
        return value
    day = date.fromisoformat(match.group(1)) + timedelta(days=1)
    return f"{day.isoformat()}T00{match.group(2)}"


def read_resistinua(gitdir: Path, heldout: Heldout) -> Iterator[dict]:
    """The Ukrainian texts (``messages.js``, ``messages-2.js``, ``messages-3.js``, not the
    ``-en`` translations): official addresses and statements, in the speaker's own voice."""
    seen = set()
    for path in git_files(gitdir, "static/content"):
        name = Path(path).name
        if not re.fullmatch(r"messages(-\d+)?\.js", name):
            continue
        for item in js_objects(git_read(gitdir, path).decode("utf-8")):
            if heldout.resistinua(item["id"]) or item["id"] in seen:
                continue
            seen.add(item["id"])
            speakers = item.get("speaker") or []
            yield {"id": f"resistinua-{item['id']}", "lang": "uk",
                   "publisher": ", ".join(speakers) or None, "published": iso_time(item.get("date")),
                   "url": item.get("url") or None, "title": item.get("name"),
                   "text": item["text"].strip()}


def read_zelenskyy(gitdir: Path, heldout: Heldout) -> Iterator[dict]:
    """``data/zelensky_speeches.csv``: one address a row, from president.gov.ua; the
    speeches of June and July 2022 are held out."""
    csv.field_size_limit(1 << 30)
    rows = csv.DictReader(io.StringIO(git_read(gitdir, "data/zelensky_speeches.csv").decode("utf-8")))
    for row in rows:
        published = datetime.strptime(row["date"].strip(), "%d %B %Y - %H:%M").isoformat()
        if heldout.zelenskyy(published):
            continue
        number = re.search(r"-(\d+)$", row["url"].rstrip("/")).group(1)
        yield {"id": f"zelenskyy-{number}", "lang": "en", "publisher": "Volodymyr Zelenskyy",
               "published": published, "url": row["url"], "title": row["title"], "text": row["text"].strip()}


PRESS_RELEASES = (  # file, publisher (the site's own name for itself), the ids' site code
    ("press_release_data/zelenskyy.csv", "Office of the President of Ukraine", "ua"),
    ("press_release_data/putin.csv", "The Kremlin", "ru"),
)
ADDRESS = re.compile(r"\b(address|speech)\b", re.IGNORECASE)
WAR_EN = re.compile(r"shelling|shelled|missile|air ?strike|\bstrikes?\b|killed|attack|drone|bomb|casualt|"
                    r"wounded|injured|destroyed|shot down|special military operation|Donbass|Donbas|"
                    r"Mariupol|Kharkiv|Kyiv|Kiev|Ukrain", re.IGNORECASE)


def read_press_releases(gitdir: Path, heldout: Heldout) -> Iterator[dict]:
    """The English news of kremlin.ru and president.gov.ua from 24 February 2022 to the
    snapshot's end (24 June 2022), one release a row of ``press_release_data/*.csv``.

    Releases of June or July 2022 of president.gov.ua are skipped with the held-out
    addresses of those months, and so is every release headed as an address or a speech
    on either site: the president's own addresses are the ``zelenskyy-en`` corpus (and
    their June and July held out); what is left is what the two offices publish in
    their own voice: meetings, calls, visits and what was said there."""
    csv.field_size_limit(1 << 30)
    for path, publisher, site in PRESS_RELEASES:
        rows = csv.DictReader(io.StringIO(git_read(gitdir, path).decode("utf-8")))
        for row in rows:
            published = row["date"].strip()
            if published < "2022-02-24" or ADDRESS.search(row["headline"]):
                continue
            if site == "ua" and heldout.zelenskyy(published):
                continue
            number = re.search(r"(\d+)$", row["link"].rstrip("/")).group(1)
            yield {"id": f"press-{site}-{number}", "lang": "en", "publisher": publisher,
                   "published": published, "url": row["link"], "title": row["headline"],
                   "text": row["body"].strip()}


def about_the_war_en(doc: dict) -> bool:
    """A release that speaks of the war twice or more."""
    return len(WAR_EN.findall(doc["text"])) >= 2


def read_warline(gitdir: Path, heldout: Heldout, *, field: str = "DescriptionUkrainian",
                 lang: str = "uk", suffix: str = "") -> Iterator[dict]:
    """The Meta History Museum of War's "Warline" (``constants/collections/Warline/drop*/
    data.tsx``): each event of the war's first months retold in Ukrainian (and in English)
    from a post of an account (a ministry, a news agency, an official), one document its
    description in ``field``; the account is the publisher. Nothing of this repository is
    held out."""
    for path in git_files(gitdir, "constants/collections/Warline"):
        if not path.endswith("/data.tsx"):
            continue
        source = git_read(gitdir, path).decode("utf-8")
        for day in js_objects(source[source.index("export default"):]):
            for event in day.get("events", []):
                text = (event.get(field) or "").strip()
                if not text:
                    continue
                month, day_of_month, year = event["FullDate"].split("/")
                hour, minute = (event.get("Time") or "00:00").split(":")[:2]
                account = event.get("TwitterUsername") or account_of(event.get("TwitterUrl"))
                yield {"id": f"warline-{event['Tokenid']}{suffix}", "lang": lang, "publisher": account,
                       "published": f"{year}-{int(month):02d}-{int(day_of_month):02d}T{int(hour):02d}:{minute}:00",
                       "url": event.get("TwitterUrl"), "title": event.get("Headline"), "text": text}


def account_of(url: str | None) -> str | None:
    """The account a post's address names ("https://twitter.com/UKRINFORM/status/…"): a few
    events leave the account's name empty."""
    found = re.search(r"twitter\.com/(\w+)", url or "")
    return found.group(1) if found else None


STRIKE_UK = re.compile(r"ракет|дрон|безпілот|БпЛА|шахед|\bППО\b|обстріл|збит|збил|\bудар|атак|загин|поранен|"
                       r"вибух|зруйн|пошкодж|знищ", re.IGNORECASE)


def read_warline_en(gitdir: Path, heldout: Heldout) -> Iterator[dict]:
    """The museum's English descriptions of the same events ("warline-460@en": each in the
    half of its Ukrainian original)."""
    return read_warline(gitdir, heldout, field="DescriptionEnglish", lang="en", suffix="@en")


def about_strike_uk(doc: dict) -> bool:
    """A description that speaks of a strike, an attack or its toll (a war word: every
    event of the museum's line is of the war, and two war words leave 73 of 758), of 15
    words or more."""
    return bool(STRIKE_UK.search(doc["text"])) and len(doc["text"].split()) >= 15


FIRST_CHANNEL_YEARS = ("2022", "2023", "2024", "2025")


def read_first_channel(gitdir: Path, heldout: Heldout) -> Iterator[dict]:
    """Channel One's (1tv.ru) news items of the years of the full-scale war, one a row of
    ``chunks/chunk_<year>.csv``: the headline as the first line, then the lead the site
    gives (a few sentences). Items before 24 February 2022 are left out; nothing of this
    repository is held out."""
    csv.field_size_limit(1 << 30)
    for year in FIRST_CHANNEL_YEARS:
        rows = csv.DictReader(io.StringIO(git_read(gitdir, f"chunks/chunk_{year}.csv").decode("utf-8")))
        for row in rows:
            published, lead = row["date_extracted"].strip(), row["content"].strip()
            number = re.search(r"/(\d+)(?:-[^/]*)?$", row["url"])
            if published < "2022-02-24" or not lead or number is None:
                continue  # (no number: a bulletin's page, ".../news/issue/2025-12-27/12:00")
            yield {"id": f"1tv-{number.group(1)}", "lang": "ru", "publisher": "Первый канал", "published": published,
                   "url": row["url"], "title": row["title"].strip(), "text": f"{row['title'].strip()}\n\n{lead}"}


# the official draws (190) are more than the snapshots hold (163 resistinua documents of
# 60 words or more, 182 addresses, what is held out left out): every document is drawn
CORPORA = {
    "telegram-ru": Corpus("telegram-ru", "NKTKLN/telegram-news-classifier", "ru",
                          "CC BY 4.0 (texts: the repository's data/LICENCE.md); annotations CC0",
                          read_telegram, about_strike_ru, draw=395, per_publisher=75),
    "resistinua-uk": Corpus("resistinua-uk", "Amice13/resistinua", "uk",
                            "CC0 (texts: the repository's LICENSE); annotations CC0",
                            read_resistinua, lambda d: True, draw=190,
                            keep=lambda d: len(d["text"].split()) >= 60),
    "zelenskyy-en": Corpus("zelenskyy-en", "felipemaiapolo/zelenskyy_speeches", "en",
                           "MIT (the repository's LICENSE; the speeches are published by the Office "
                           "of the President of Ukraine); annotations CC0",
                           read_zelenskyy, lambda d: True, draw=190),
    # two offices, 60 releases each (30 first, then 30 more down the same shuffled list),
    # of a length a reader annotates in one sitting
    "presidents-en": Corpus("presidents-en", "PeiYiZhuo/zelenskyy-putin", "en",
                            "the repository has no licence file; the releases are kremlin.ru's and "
                            "president.gov.ua's, both published under CC BY 4.0; annotations CC0",
                            read_press_releases, about_the_war_en, draw=120, per_publisher=60,
                            keep=lambda d: 60 <= len(d["text"].split()) <= 600),
    # Russian state television's news: headline and lead, the shortest texts of the corpora
    "firstchannel-ru": Corpus("firstchannel-ru", "lobsterbush/kremlin-speeches", "ru",
                              "the repository has no licence file; the texts are Channel One Russia's "
                              "(1tv.ru), read from the snapshot and never committed; annotations CC0",
                              read_first_channel, about_strike_ru, draw=120),
    # a museum's Ukrainian retelling of the war's first months, post by post: news style
    "warline-uk": Corpus("warline-uk", "museum-of-war/web", "uk",
                         "the repository has no licence file; the texts are the Meta History Museum of "
                         "War's, never committed; annotations CC0",
                         read_warline, about_strike_uk, draw=120, per_publisher=20),
    # the same line's English: war news prose in English (PolNeAR is US politics)
    "warline-en": Corpus("warline-en", "museum-of-war/web", "en",
                         "the repository has no licence file; the texts are the Meta History Museum of "
                         "War's, never committed; annotations CC0",
                         read_warline_en, about_the_war_en, draw=120, per_publisher=20,
                         keep=lambda d: len(d["text"].split()) >= 15),
}
SEED = 20261204


def documents(corpus: Corpus, mirror: Path) -> dict[str, dict]:
    """Every document of a corpus that is not held out, by id."""
    gitdir = git_dir(mirror, corpus.repo)
    return {d["id"]: d for d in corpus.read(gitdir, Heldout.load())}


def draw(corpus: Corpus, docs: dict[str, dict]) -> list[dict]:
    """The documents to annotate: drawn at random (fixed seed) among the relevant
    ones, at most ``per_publisher`` of one publisher, so no channel dominates."""
    pool = sorted((d for d in docs.values() if corpus.relevant(d)), key=lambda d: d["id"])
    random.Random(SEED).shuffle(pool)
    chosen, per = [], {}
    for doc in pool:
        if not corpus.keep(doc):
            continue
        if corpus.per_publisher and per.get(doc["publisher"], 0) >= corpus.per_publisher:
            continue
        per[doc["publisher"]] = per.get(doc["publisher"], 0) + 1
        chosen.append(doc)
        if len(chosen) == corpus.draw:
            break
    return chosen
