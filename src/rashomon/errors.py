"""Every error and warning rashomon raises, under a code.

As in spaCy's ``errors.py``: each message has a code that users can search
for, placeholders filled with ``.format``, and says what is wrong and what to
do about it. ``tests/test_errors.py`` checks that every code is documented in
``docs/errors.md``.
"""

from __future__ import annotations


class ErrorsWithCodes(type):
    """Prefix each message with its code: ``Errors.E001`` -> ``"[E001] ..."``."""

    def __getattribute__(cls, code: str) -> str:
        msg = super().__getattribute__(code)
        if code.startswith("__"):
            return msg
        return f"[{code}] {msg}"


class Warnings(metaclass=ErrorsWithCodes):
    W001 = ("{path}: decoded as {encoding}, not UTF-8; check the characters "
            "of this document before you trust its spans.")
    W002 = ("{path}: {count} documents were skipped because they hold no text "
            "once whitespace is removed.")
    W003 = ("Relative date '{expression}' in document '{doc}' could not be "
            "resolved: the document has no publication date. Give it a "
            "'published' field to resolve it.")
    W004 = ("{path}: an .xml file that is not an RSS or Atom feed (its root "
            "element is <{root}>); skipped.")
    W005 = ("{path}: a .json file that is not a Telegram Desktop export (no "
            "'messages' list); skipped.")
    W006 = ("{path}: the feed is not well-formed ({detail}); its {count} entries "
            "were read anyway. Check them against the source.")
    W007 = ("{path}, entry {entry}: the publication date {value!r} cannot be "
            "read; the document has no publication date.")
    W008 = ("{path}, line {line}: document '{doc_id}' was cleaned at the door: {what}. "
            "Its text is stored cleaned and every span points into that text.")
    W009 = ("{path}: another file of this run, {first}, is also named '{doc_id}'; this "
            "one's id is '{new_id}' (its name and the start of its text's SHA-256).")
    W010 = ("Document '{doc}' from {path} replaces the version read from {previous}. "
            "If they are two different reports, give them different ids (read the folder "
            "that holds both); `rashomon status` lists replaced documents.")
    W011 = ("The cache file {path} cannot be read back ({detail}); what it held is built "
            "again and the file rewritten. Nothing to do; if this repeats, delete the file.")
    W017 = ("{count} correction(s) stand on their own: the claims they were made on are no longer in "
            "the machine's output (the document changed, or a new analysis found no claim at that span). "
            "`rashomon history` and /api/v1/corrections?orphaned=true list them; review those claims again.")
    W012 = ("The cache folder {folder} cannot be written ({detail}); the gazetteer and the "
            "source registry are built in memory at every start. Set {variable} to a folder "
            "you can write to for faster starts.")
    W018 = ("The parsing process apart (apart.py) is gone or could not start ({code}); this "
            "process parses the rest of the run itself, a little slower. Nothing is lost. "
            "Settings(parse_process=False) parses in this process from the start.")
    # cluster workers (W020-W021)
    W020 = ("This Dask worker cannot load the model of language '{lang}': {reason} Its "
            "documents get that error in every run on this worker; install the model on the "
            "worker, or leave the language out of Settings.models.")


class Errors(metaclass=ErrorsWithCodes):
    # read: one file or record
    E001 = ("{path}: no such file or folder.")
    E002 = ("{path}: cannot decode the file as UTF-8, cp1251 or latin-1. Save it "
            "as UTF-8 and try again.")
    E003 = ("{path}: the file looks binary ({reason}), not text. rashomon reads "
            "{suffixes} files.")
    E004 = ("{path}: the document is empty. Remove it or give it some text.")
    E005 = ("{path}, line {line}: not valid JSON ({detail}). Each line of a "
            ".jsonl file must be one JSON object.")
    E006 = ("{path}, line {line}: a document needs '{field}' as a non-empty "
            "string; this line has {found}.")
    E007 = ("{path}: rashomon cannot read '{suffix}' files. Known kinds: "
            "{suffixes}.")
    E008 = ("{path}, line {line}: the document id '{doc_id}' was already read "
            "from {first}. Document ids must be unique in one run.")
    E009 = ("{path}, line {line}: '{field}' must be {expected}; got {found!r}.")
    E010 = ("{path}, line {line}: expected a JSON object, got {found}.")
    E011 = ("{path}: the document is {size} bytes, more than the limit of "
            "{limit} bytes set by Settings.max_document_bytes.")
    E012 = ("{path}: cannot read the file ({reason}). Check that it exists and "
            "that you may read it.")
    E013 = ("{path}: no main text found in this HTML page; trafilatura and its "
            "fallbacks found only markup, menus or boilerplate. If the page shows its "
            "text only with JavaScript, save it from the browser once it has loaded, "
            "or copy the text into a .txt file.")
    E014 = ("{path}: not a readable RSS or Atom feed ({detail}); no entries could "
            "be read from it. Check that the file is the feed itself, not a web "
            "page or an error page saved under its name.")
    E015 = ("{path}, line {line}: not valid JSON ({detail}). A .json file must be "
            "one JSON document, such as Telegram Desktop's result.json.")
    E016 = ("{path}: not a Telegram Desktop export rashomon can read: {detail}. "
            "Export the channel with Telegram Desktop's 'Export chat history', "
            "format JSON.")
    E017 = ("{path}, message {message}: {detail}. The message is skipped; the "
            "others are read.")
    E018 = ("{path}, entry {entry}: {detail}. The entry is skipped; the others "
            "are read.")
    E027 = ("{path}: the {stage} stage failed on this document ({detail}). It is "
            "reported as failed and the others go on; please report this with the "
            "file, as it is a bug in rashomon or a library it uses.")
    E028 = ("{path}, line {line}: '{field}' is {size} characters long (it starts "
            "{start!r}); at most {limit} fit. The record is skipped; shorten the field.")
    E029 = ("Document '{doc}' ({path}) cannot be stored: {detail}. Nothing of it is "
            "stored; the other documents are. Check the value the message names.")

    # cluster runs
    E019 = ("Cluster run: {reason}.")
    # cluster runs (E140-E144)
    E140 = ("Cluster run: the scheduler at {scheduler} has no worker after {seconds} s, and a "
            "run without one would wait for ever. Start workers with `dask worker {scheduler} "
            "--preload rashomon.cluster` (they join once their models are loaded), or run "
            "locally with --workers N.")

    # language data
    E020 = ("No language data for '{lang}'. Languages with data: {known}.")
    E021 = ("Invalid language data in {path}:\n{problems}")
    E022 = ("The spaCy pipeline '{model}' for language '{lang}' is not "
            "installed. Run `make install` (or `pip install -e .`) to install "
            "the pinned models; rashomon never downloads models at run time.")
    E023 = ("Document '{doc}' is in '{lang}', which rashomon cannot parse yet. "
            "Supported languages: {known}.")
    E024 = ("Unknown parser '{spec}' in Settings.models. A parser is written "
            "'kind:model' with a kind among: {known}.")

    # report
    E025 = ("The place gazetteer {path} cannot be used: {what} is missing or "
            "invalid. Fix the file (its header describes every key) or remove the "
            "entry it names.")
    E026 = ("The confidence model {path} cannot be read: {problem}. Give a model "
            "file written by eval/real/train.py, or leave --confidence-model out to "
            "use the one rashomon ships.")
    E030 = ("Unknown report format '{name}'. Known formats: {known}.")
    E031 = ("The ledger does not match its JSON Schema: {detail}")
    # the store's write groups (with the store's errors in docs/errors.md)
    E032 = ("Settings.write_group is {value!r}: the documents the store writes and links in one "
            "transaction must be a whole number, at least 1 (1 writes each document alone). "
            "Leave it at its default (64) or give a positive number.")

    # run
    E040 = ("No documents were read from {paths}.")

    # source registry and user sources files (E050-E069)
    E050 = ("{path}: no such sources file. Give an existing YAML file to "
            "--sources.")
    E051 = ("{path}, line {line}, column {column}: not valid YAML ({detail}). "
            "Fix the file and try again.")
    E052 = ("Invalid sources file {path}:\n{problems}")
    E053 = ("{where}: the alias '{alias}' is already used by '{other}' "
            "({other_where}); an alias must name one source. Remove one of "
            "them, or override '{other}' with 'replace: true'.")
    E054 = ("{where}: side '{value}' is not one of {known}.")
    E055 = ("{where}: kind '{value}' is not one of {known}.")
    E056 = ("{where}: a new source needs '{field}'.")
    E057 = ("{where}: '{field}' must be {expected}; got {found!r}.")
    E058 = ("{where}: alias language '{value}' is not one of {known}.")
    E059 = ("{where}: region '{value}' is not a region of the registry; add it "
            "under 'regions:' (known: {known}).")
    E060 = ("{where}: title '{value}' has no title pattern; known titles: {known}.")
    E061 = ("{where}: the id '{value}' is given twice in this file (first at "
            "{first}).")
    E062 = ("{where}: unknown field '{value}'; known fields: {known}.")
    E063 = ("{path}: a sources file must be a mapping with a 'sources' list "
            "(and optionally 'regions'); got {found}.")
    E064 = ("{where}: the title pattern {pattern!r} is not a valid regular "
            "expression ({detail}).")
    E065 = ("{where}: the generic entry '{value}' of this title is not in the "
            "registry.")

    # the store (E070-E089)
    E070 = ("Cannot open the store {url}: {detail}. A store is written "
            "'sqlite:///path/to/file.db' or 'postgresql+psycopg://user@host:port/database' "
            "(--db or RASHOMON_DB); check the address and that the server is running.")
    E071 = ("Document '{doc}' ({path}) could not be written to the store: {detail}. "
            "Its transaction was rolled back, so nothing of it is stored and everything "
            "stored before is kept. Check the connection to the store and run the same "
            "command again: the documents already stored are skipped.")
    E072 = ("The store is full while writing document '{doc}' ({path}): {detail}. Its "
            "transaction was rolled back; everything stored before is kept. Free disk "
            "space (or raise the database's size limit) and run the same command again.")
    E073 = ("The store {url} has schema revision {found}; this rashomon needs {head}. "
            "Run `rashomon db upgrade --db URL` first.")
    E074 = ("The store {url} failed: {detail}. Check the connection to the store and "
            "try again; nothing stored was changed.")
    E075 = ("The store {url} has schema revision {found}, which this rashomon does not "
            "know (it knows up to {head}): it was written by a newer rashomon. Upgrade "
            "rashomon to use it.")
    E076 = ("Unknown sort '{sort}' for events. Sort by one of: {known}.")
    E077 = ("The store {url} holds no documents yet: nothing to export. Add some with "
            "`rashomon ingest PATH --db URL`.")
    E078 = ("The store {url} is read-only ({why}) and has schema revision {found}; this "
            "rashomon needs {head} and cannot upgrade it without writing. Run `rashomon db "
            "upgrade --db URL` where the store can be written, or read it with the rashomon "
            "that wrote it.")
    E079 = ("The store {url} cannot be written: {why}. {action} needs to write to it. Make "
            "the file and its folder writable (for example `chmod u+w`), or only read it: "
            "`rashomon status`, `export` and `serve` open a read-only store read-only.")
    E081 = ("The store cannot look up {name}={value}: it {problem}.")

    # web app and HTTP API (E090-E099)
    E090 = ("{action} needs a bearer token: send 'Authorization: Bearer <token>' with "
            "a token made by `rashomon token create` or the server's RASHOMON_TOKEN. "
            "{problem}")
    E091 = ("The request body is more than {limit} bytes. Send fewer documents per "
            "request, or start the server with a larger --max-body.")
    E092 = ("Parameter '{name}': {problem}")
    E093 = ("Content-Type '{found}' cannot be read. Send application/json (one "
            "document or a list), application/x-ndjson (JSON Lines) or "
            "multipart/form-data with the files in a 'file' field.")
    E094 = ("The request body is not valid JSON ({detail}).")
    E095 = ("The request body must be a document object or a list of them; got {found}.")
    E096 = ("None of the {count} document(s) sent could be read; see 'errors' for "
            "each one.")
    E097 = ("No {what} '{ident}' in this store.")
    E098 = ("No page at {path}. The API lives under /api/v1 (see /docs).")
    E099 = ("{method} is not allowed on {path}; it accepts {allowed}.")

    # hostile input to the web app and the command line (E100-E109)
    E100 = ("Parameter '{name}' {problem}. No stored text or id holds one: remove it from "
            "the value.")
    E101 = ("The address {path} {problem}. No stored id holds one: check the link.")
    E102 = ("Something went wrong answering {method} {path} ({kind}); this is a bug in "
            "rashomon, not in the request. The server's log has the details; please report "
            "it with the address.")
    E103 = ("{path}, line {line}: '{field}' {problem}, which the store cannot keep. Remove "
            "it from the record and send it again.")
    E104 = ("{path}: cannot read a ledger from this file ({problem}). Give a JSON ledger "
            "written by `rashomon analyze --json` or `rashomon export --json`.")
    E105 = ("{option} {path} would overwrite {clash}. Write the output to another file; "
            "nothing was read or written.")
    E106 = ("{option} {path}: cannot write the output there ({problem}). Give a file name in "
            "a folder you may write to.")
    E107 = ("The multipart/form-data body cannot be read ({detail}). Send the files as a "
            "multipart upload, with its boundary in the Content-Type, in a field named 'file'.")
    E108 = ("The request cannot be answered ({status}): {detail}.")

    # filtered exports (E109-E119)
    E109 = ("export --since {since} is after --until {until}: no event can match. Swap the two days.")
    E110 = ("export {filters}: no event in the store matches these filters, so nothing was written. "
            "Loosen them; the events page with the same filters shows what there is.")

    # review: people, corrections, the registry overlay (E120-E139)
    E120 = ("'{role}' is not a role; give one of {known}.")
    E121 = ("A user named '{name}' exists already. Choose another name; `rashomon user list` lists them.")
    E122 = ("{action} needs an editor's token; {who} is a {role}. Ask an admin for an editor's token "
            "(`rashomon user add NAME --role editor`).")
    E123 = ("The form's CSRF token is {problem}. Open the page again (it carries a fresh token) and send "
            "the form from there.")
    E124 = ("Someone changed this before you: you saw {seen}, it is now {current}. Look at the current "
            "value ('current' in the answer) and send your correction again if it still stands.")
    E125 = ("The value of '{name}' cannot be used: {problem}.")
    E126 = ("'{name}' is missing: a correction sends the value it saw as 'seen' (null when there was none), "
            "so that two editors never overwrite each other unknowingly.")
    E127 = ("This token opens no session: no user holds it. Ask an admin for one "
            "(`rashomon user add NAME`), or check that it was copied whole.")
    E128 = ("export --case: {problem}.")
    E129 = ("The registry change cannot be kept: {problem}. Correct the value and send it again.")
