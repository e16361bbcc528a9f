"""An attribution candidate: what a rule proposes, before features and confidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..ledger import Source


@dataclass
class Attribution:
    """A claim as found in one parsed piece, before it gets its id."""

    source: Source
    content: Span | None
    sentence: Span
    stance: str
    path: str
    cue: str | None = None
    cue_token: Token | None = None
    quote: bool = False
    attributed: bool = True
    offset: int = 0  # where the parsed piece starts in the document's text
    # the tokens this attribution used, which later rules leave alone
    taken: set[int] = field(default_factory=set)
    # the head word of the speaker's phrase as the text gives it ("he", "ministry"),
    # set when the speaker is settled; the features read it
    speaker: Token | None = None
    # a line ending in a colon: the statement goes on over the items of the list below
    opens_list: bool = False
