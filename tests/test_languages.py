"""Russian, Ukrainian and English: the same stages, each language's data and parser.

One short sentence per pattern, in the style of wire reports and official Telegram
posts; none comes from an evaluation case.
"""

from __future__ import annotations

import pytest

from rashomon.ledger import Document
from rashomon.pipeline import Analysis, analyze_documents
from rashomon.settings import Settings

# what the rules find, before the confidence model's threshold (tests/test_confidence.py)
EVERYTHING = Analysis(settings=Settings(min_confidence=0.0))

SCORED = ("launched", "hit", "intercepted", "damage", "killed", "injured", "production_disrupted")

CASES = [
    # Russian: incise, "as X said", dash signature, "Source: «quote»", "по словам"
    ("ru", "Над Курской областью сбиты восемь беспилотников, сообщило Минобороны.",
     "Минобороны", "assert", {"intercepted": 8}),
    ("ru", "Как сообщил губернатор, пострадавших нет.", "губернатор", "assert", {"injured": 0}),
    ("ru", "Два БПЛА уничтожены над Воронежской областью — губернатор Гусев",
     "губернатор Гусев", "assert", {"intercepted": 2}),
    ("ru", "Минобороны РФ: «За ночь уничтожено пять беспилотников»", "Минобороны РФ", "assert",
     {"intercepted": 5}),
    ("ru", "Губернатор опроверг, что снаряды попали в нефтебазу.", "Губернатор", "deny", {"hit": 0}),
    # Ukrainian
    ("uk", "Міноборони РФ заявило, що збито 18 безпілотників.", "Міноборони РФ", "assert",
     {"intercepted": 18}),
    ("uk", "Загиблих немає, повідомили в ОВА.", "ОВА", "assert", {"killed": 0}),
    # English
    ("en", "Five drones were shot down over the region, the ministry said.", "ministry", "assert",
     {"intercepted": 5}),
    ("en", "The governor denied that the refinery had been hit.", "governor", "deny", {"hit": 0}),
    ("en", "According to the Air Force, 23 of 31 missiles were intercepted.", "Air Force", "assert",
     {"intercepted": 23, "launched": 31}),
]


@pytest.mark.parametrize("lang,text,source,stance,facts", CASES, ids=[f"{c[0]}:{c[1][:30]}" for c in CASES])
def test_claim_and_facts(lang, text, source, stance, facts):
    ledger = analyze_documents([Document(id="d", text=text, lang=lang)])
    claims = [c for c in ledger.claims if c.attributed]
    assert len(claims) == 1, [(c.path, c.source.name, c.text) for c in ledger.claims]
    claim = claims[0]
    assert (claim.source.name, claim.stance) == (source, stance)
    assert {f.slot: f.value for f in claim.facts if f.slot in SCORED} == facts


def test_one_slot_means_the_same_in_every_language():
    texts = {"fr": "Selon le ministère, cinq drones ont été abattus.",
             "ru": "По данным министерства, сбиты пять беспилотников.",
             "uk": "За даними міністерства, збито п'ять дронів.",
             "en": "According to the ministry, five drones were shot down."}
    ledger = analyze_documents([Document(id=lang, text=text, lang=lang) for lang, text in texts.items()])
    values = {c.doc: c.fact("intercepted").value for c in ledger.claims if c.attributed and c.fact("intercepted")}
    assert values == {"fr": 5, "ru": 5, "uk": 5, "en": 5}


def test_detected_language_is_used_when_none_is_declared():
    ledger = analyze_documents([Document(id="d", text="Средства ПВО сбили 34 беспилотника, сообщило Минобороны.")])
    assert [c.source.name for c in ledger.claims if c.attributed] == ["Минобороны"]


def test_registry_knows_the_speaker_in_any_alphabet():
    ledger = analyze_documents([Document(id="d", text="Над Брянской областью сбиты семь беспилотников, — "
                                                      "губернатор Богомаз", lang="ru")])
    assert ledger.claims[0].source.id == "ru-bryansk-governor"


@pytest.mark.parametrize("text,facts", [
    ("The governor said that no one had been hurt.", {"injured": 0}),
    ("The ministry said 23 of 31 missiles fired at the city were intercepted.", {"intercepted": 23, "launched": 31}),
])
def test_english_counts(text, facts):
    claim = analyze_documents([Document(id="d", text=text, lang="en")]).claims[0]
    assert {f.slot: f.value for f in claim.facts if f.slot in SCORED} == facts


# (lang, text, [(source, cue, stance, content)]): every attributed claim, in text order
CLAIMS = [
    # a gerund after a preposition speaks for the subject of its clause
    ("en", "The mayor denied the report, hours after saying that the bridge had been hit.",
     [("mayor", "deny", "deny", "the report"), ("mayor", "say", "assert", "the bridge had been hit")]),
    # "told AFP": the listener is not what was said, before or after the statement
    ("en", "Two officials told AFP that 12 drones had been shot down.",
     [("Two officials", "tell", "assert", "12 drones had been shot down")]),
    ("en", "The depot was hit by three drones, a regional official told Reuters.",
     [("regional official", "tell", "assert", "The depot was hit by three drones")]),
    # "as X said", subject first
    ("en", "As the navy said in a statement, four missiles were launched at the port.",
     [("navy", "say", "assert", "four missiles were launched at the port")]),
    # "said A and that B": one cue, one statement (issue 11)
    ("en", "The governor said that the plant was on fire and that nobody had been killed.",
     [("governor", "say", "assert", "the plant was on fire and that nobody had been killed")]),
    # "…, he said, adding that …": the participle shares the trailing speaker
    ("en", "No one was hurt, the mayor said, adding that the school had been damaged.",
     [("mayor", "say", "assert", "No one was hurt"), ("mayor", "add", "assert", "the school had been damaged")]),
    # "as" with a clause of its own is "while", not "as X said"
    ("en", "Nine people were killed, the regional governor said, as Moscow claimed it had struck factories.",
     [("regional governor", "say", "assert", "Nine people were killed"),
      ("Moscow", "claim", "assert", "it had struck factories")]),
    # "…, while the governor said …": another speaker's clause is not in the first claim
    ("en", "The army said it had hit a fuel depot, while the governor said two workers were wounded.",
     [("army", "say", "assert", "it had hit a fuel depot"),
      ("governor", "say", "assert", "two workers were wounded")]),
    # a long subject closing the statement
    ("en", "Nine drones were shot down over the city, the country's largest state energy company Naftogaz said.",
     [("country's largest state energy company Naftogaz", "say", "assert", "Nine drones were shot down over the city")]),
    # Ukrainian: a relative clause the parse lost speaks for the phrase before its comma
    ("uk", "Мер міста Олег Петренко, який раніше стверджував, що «загиблих немає», згодом визнав, що загинула "
           "одна людина.",
     [("Мер міста Олег Петренко", "стверджувати", "assert", "«загиблих немає»")]),
    # "згідно з даними Генштабу": the noun after the information noun is the source, named
    # in the nominative
    ("uk", "Згідно з даними Генштабу, на об'єкті зафіксовано масштабну пожежу.",
     [("Генштаб", "згідно з", "assert", "на об'єкті зафіксовано масштабну пожежу")]),
    # a pronoun after a quotation is not a noun inside it
    ("uk", "Міський голова повідомив про атаку на місто. «У лікарні помер чоловік», – написав він у Telegram.",
     [("Міський голова", "повідомити", "assert", "про атаку на місто"),
      ("Міський голова", "написати", "assert", "У лікарні помер чоловік")]),
    # a place after a dash is no signature
    ("uk", "Основний напрямок удару – Харківська область", []),
    # nor a noun whose phrase only mentions a speaker the registry knows ("окупанта")
    ("uk", "А Україна з Британією пройшли шлях від партнерів до друзів, а сусід – шлях від сусіда до окупанта.", []),
    # the finite verb the Russian syntax hung on a noun is the root, the noun after it its object
    ("uk", "Місцеві канали визнали влучання в склад пального.",
     [("Місцеві канали", "визнати", "acknowledge", "влучання в склад пального")]),
    # a subject the Russian syntax made the verb's adjective is its subject ("Міністр"
    # amod of "оголосив"); a form that cannot be the verb's subject stays as it was
    ("uk", "Міністр оголосив про скасування всіх мит.",
     [("Міністр", "оголосити", "assert", "про скасування всіх мит")]),
    ("uk", "Британія оголосила про скасування всіх без винятку мит і квот на імпорт українських товарів.",
     [("Британія", "оголосити", "assert", "про скасування всіх без винятку мит")]),
    # "Про це повідомив X", "Об этом сообщил X": the sentence before is X's
    ("uk", "Число загиблих зросло до чотирьох. Про це повідомив голова громади.",
     [("голова громади", "повідомити", "assert", "Число загиблих зросло до чотирьох")]),
    ("ru", "Число погибших выросло до трёх. Об этом сообщил губернатор.",
     [("губернатор", "сообщить", "assert", "Число погибших выросло до трёх")]),
    # the English of official news: "This was stated by X", a passive whose agent speaks;
    # "they say this was …" is their own statement, whatever it says of the sentence before
    ("en", "The war has reached the capital. This was stated by President Volodymyr Zelenskyy in an interview.",
     [("President Volodymyr Zelenskyy", "state", "assert", "The war has reached the capital")]),
    ("en", "The talks failed. His defenders say this was the best anyone could have done.",
     [("defenders", "say", "assert", "this was the best anyone could have done")]),
    # a topic is what was talked of, not what was said: "discussed", "informed about",
    # "mentioned" report a clause only
    ("en", "The leaders discussed the evacuation of civilians from Mariupol.", []),
    ("en", "Vladimir Putin informed Mahmoud Abbas about the ongoing operation.", []),
    ("en", "Officials informed residents that the water supply was restored.",
     [("Officials", "inform", "assert", "the water supply was restored")]),
    # the listener may stand between "Про це" and the verb; "співрозмовник" is the speaker named before
    ("uk", "Дрони атакували нафтобазу. Про це журналістам агентства повідомило джерело в СБУ. За словами "
           "співрозмовника, на території нафтобази спалахнула пожежа.",
     [("джерело в СБУ", "повідомити", "assert", "Дрони атакували нафтобазу"),
      ("джерело в СБУ", "за словами", "assert", "на території нафтобази спалахнула пожежа")]),
    # a hyphenated speaker is kept whole after "selon": not "état"
    ("fr", "Selon l'état-major, six drones ont été abattus.",
     [("état-major", "selon", "assert", "six drones ont été abattus")]),
    # "говорится в сообщении": the report is its last named speaker's
    ("ru", "Генштаб ВСУ сообщил о поражении объекта. «Зафиксированы попадания и пожар», — говорится в сообщении.",
     [("Генштаб ВСУ", "сообщить", "assert", "о поражении объекта"),
      ("Генштаб ВСУ", "говориться", "assert", "Зафиксированы попадания и пожар")]),
]


# issue 11: what real text that nobody here wrote did to the rules
CLAIMS += [
    # a hyphen is no dash, and words that name no speaker sign nothing
    ("en", "The post-war reconstruction of our country will take years.", []),
    ("en", "A 3-month-old baby was killed in the full-scale war.", []),
    ("uk", "Ми – люди. Щоденно – десятки обстрілів.", []),
    # the publisher's first person is its own voice, and the listener says nothing
    ("en", "I emphasize that the strike hit a hospital.", []),
    ("uk", "Ми наголошуємо, що удар був завданий по лікарні.", []),
    ("en", "You know that the occupiers shelled the city.", []),
    # a signature at the end of a post, after a spaced dash, signs its whole line
    ("ru", "Ещё восемь беспилотников сбиты силами ПВО. Специалисты работают на месте, — Собянин",
     [("Собянин", "—", "assert", "Ещё восемь беспилотников сбиты")]),
    # Markdown links and web addresses are no punctuation: the cue inside a link is a cue
    ("ru", "Удары ATACMS — сигнал к эскалации, [заявил](https://t.me/x/80963) Лавров.",
     [("Лавров", "заявить", "assert", "Удары ATACMS")]),
    # a speaker's name opening a line, a colon, a statement
    ("ru", "ВВС Украины: 12 прилётов зафиксировано во время удара.",
     [("ВВС Украины", ":", "assert", "12 прилётов зафиксировано")]),
    # a speaker named in an oblique case is named in the nominative
    ("ru", "По словам губернатора Воронежской области Александра Гусева, предприятие выпускает только "
           "гражданскую продукцию.",
     [("губернатор Воронежской области Александр Гусев", "по словам", "assert", "предприятие выпускает")]),
    # "по нашей информации" is the publisher's; "по его данным" the speaker's alone
    ("ru", "По нашей информации, беспилотники прилетели в комбинат.", []),
    # a colon that opens a list gives its items to the speaker the line names
    ("ru", "Главное из заявления Минобороны:\n\n— 23 ноября ВСУ ударили пятью ракетами.\n\n"
           "— 25 ноября семь ракет были сбиты.",
     [("Минобороны", "заявление", "assert", "23 ноября ВСУ ударили пятью ракетами")]),
    # American archives' quotation marks, and a quotation that goes on in the next sentence
    ("en", "''Some courses are adapting, others are just not,'' said Paul Chipok, a lawyer. ''It costs money.''",
     [("Paul Chipok, a lawyer", "say", "assert", "Some courses are adapting")]),
]


# issue 11: a speaker between commas inside the statement it reports, subject first or
# inverted; the statement runs on both sides, so the claim is the whole sentence
CLAIMS += [
    ("en", "At the time, she said, the governor was trying to calm the region.",
     [("she", "say", "assert", "At the time, she said, the governor was trying to calm the region")]),
    ("en", "The strike on the depot, officials said, was aimed at the army's fuel.",
     [("officials", "say", "assert", "The strike on the depot, officials said, was aimed at the army's fuel")]),
    ("fr", "La frappe, a précisé le ministère, a fait deux morts.",
     [("ministère", "préciser", "assert", "La frappe, a précisé le ministère, a fait deux morts")]),
    ("ru", "Удар, сообщил губернатор, пришёлся на котельную.",
     [("губернатор", "сообщить", "assert", "Удар, сообщил губернатор, пришёлся на котельную")]),
    # what is reported opens the sentence with a topic preposition, the speaker follows the cue
    ("ru", "О повреждении двух резервуаров нефтебазы сообщил губернатор области.",
     [("губернатор области", "сообщить", "assert", "повреждении двух резервуаров нефтебазы")]),
    ("uk", "Про влучання в багатоповерхівку повідомили в обласній військовій адміністрації.",
     [("обласній військовій адміністрації", "повідомити", "assert", "влучання в багатоповерхівку")]),
    # a label opening a post's line is no speaker; a verbless statement after a name is one
    ("ru", "UPD: В Каменском районе тушат крупный пожар на промобъекте.", []),
    ("ru", "Лавров: удар ракетами ATACMS по Брянской области — сигнал к эскалации.",
     [("Лавров", ":", "assert", "удар ракетами ATACMS по Брянской области — сигнал к эскалации")]),
    # words in quote marks inside the reported clause do not cut it short
    ("ru", "Министр заявил, что позиция «как-нибудь обойдется» не годится.",
     [("Министр", "заявить", "assert", "позиция «как-нибудь обойдется» не годится")]),
    # "заявили РИА Новости в подполье": the agency was told; the speaker follows it
    ("ru", "Два дрона сбиты над городом, сообщили ТАСС в оперативных службах.",
     [("оперативные службы", "сообщить", "assert", "Два дрона сбиты над городом")]),
    # "called the reports a provocation and stressed that …": two statements of one speaker
    ("ru", "Генерал назвал эти сообщения провокацией и подчеркнул, что США занимаются эскалацией конфликта.",
     [("Генерал", "назвать", "assert", "эти сообщения провокацией"),
      ("Генерал", "подчеркнуть", "assert", "США занимаются эскалацией")]),
    ("en", "The general called the reports a provocation and stressed that the United States was escalating the conflict.",
     [("general", "call", "assert", "the reports a provocation"),
      ("general", "stress", "assert", "the United States was escalating")]),
    # a participle cue speaks for the noun it agrees with: the media, not the reports
    # (what the deputy "commented" is a topic, no statement of his)
    ("ru", "Депутат прокомментировал сообщения украинских СМИ, заявивших, что Россия готовит удар.",
     [("украинские СМИ", "заявить", "assert", "Россия готовит удар")]),
    # "…?” Trump said.": the speaker closes the quotation's sentence
    ("en", "“So I just want to tell you right now, ma’am, you’re reprimanded, okay?” Trump said.",
     [("Trump", "say", "assert", "So I just want to tell you right now, ma’am, you’re reprimanded, okay?")]),
    # editors mix straight and curly marks: a quotation opened by one and closed by the other
    ("en", "\"I don’t think it’s getting the attention people thought it would,” Grassley said.",
     [("Grassley", "say", "assert", "I don’t think it’s getting the attention")]),
    ("fr", "“Deux drones ont été abattus au-dessus de la ville,\" a déclaré le maire.",
     [("maire", "déclarer", "assert", "Deux drones ont été abattus")]),
    ("ru", "„Над городом сбиты два беспилотника”, — сообщил губернатор.",
     [("губернатор", "сообщить", "assert", "Над городом сбиты два беспилотника")]),
    # "none of them said that …": nobody said it
    ("en", "But none of them said that the bridge had been hit.", []),
    ("fr", "Mais aucun n'a déclaré que le pont avait été touché.", []),
    # "said A, and B": a clause the parser hung on the cue, joined right after the first,
    # is the same statement
    ("en", "A spokeswoman said her country was watching the race with \"bemused interest,\" and there "
           "was a strong feeling that the candidates were wrong.",
     [("spokeswoman", "say", "assert", "her country was watching the race with \"bemused interest,\" and there")]),
    # two names joined by a slash are one speaker: "a CNN/WMUR poll"
    ("en", "The senator leads by 20 points, according to a CNN/WMUR poll released Sunday.",
     [("CNN/WMUR poll", "according to", "assert", "The senator leads by 20 points")]),
    # a passive cue: the agent speaks, not the subject; with no agent, nobody is named
    ("en", "Sanders was asked by host John Dickerson whether his aim was similar to Kennedy's.",
     [("host John Dickerson", "ask", "assert", "whether his aim was similar")]),
    ("en", "It was reported that two drones were shot down over the port.", []),
    ("fr", "Il a été annoncé par le ministère que deux drones avaient été abattus.",
     [("ministère", "annoncer", "assert", "deux drones avaient été abattus")]),
    # the parser hung the cue on what it reports ("told" an adverbial clause of "was")
    ("en", "The endorsement comes days after Trump told The Washington Post he was not quite there yet.",
     [("Trump", "tell", "assert", "he was not quite there yet")]),
    # "continued" reports speech only as the verb of a quotation's speaker
    ("en", "“The bridge is still standing,” he continued.", [("he", "continue", "assert", "The bridge is still")]),
    ("fr", "« Le pont tient toujours », a continué le maire.",
     [("maire", "continuer", "assert", "Le pont tient toujours")]),
    ("ru", "«Мост устоял», — продолжил губернатор.", [("губернатор", "продолжить", "assert", "Мост устоял")]),
    ("uk", "«Міст вистояв», — продовжив губернатор.", [("губернатор", "продовжити", "assert", "Міст вистояв")]),
    ("en", "Russia launched 50 drones at the port, and the attacks continued.", []),
    ("en", "As the fighting continued, the army said it shot down 12 drones.",
     [("army", "say", "assert", "it shot down 12 drones")]),
    # a phrase in quote marks inside a sentence is not a statement with a speaker after it
    ("en", "The governor said the strike was a \"clear provocation\" to call attention to the war.",
     [("governor", "say", "assert", "the strike was a \"clear provocation\" to call")]),
    # the speaker closing a quotation may carry a relative clause of its own
    ("en", "\"We heard three blasts,\" Anna Petrenko, 45, who lives near the depot, said in an interview.",
     [("Anna Petrenko, 45", "say", "assert", "We heard three blasts")]),
    # a quoted title after a noun, or the next sentence, is not what the closing cue says
    ("en", "“The depot is gone,” the mayor said on the program “Morning News.”",
     [("mayor", "say", "assert", "The depot is gone")]),
    ("en", "“We will rebuild,” the mayor said.  “There is no other way.”",
     [("mayor", "say", "assert", "We will rebuild")]),
    # "one of" people is someone; "one could say" is not
    ("en", "One of his advisers, Tad Devine, told reporters that two drones had been shot down.",
     [("One of his advisers, Tad Devine", "tell", "assert", "two drones had been shot down")]),
    ("en", "One could say that the war is over.", []),
    # the parser took a word of the quotation for the subject: the speaker is after it
    ("en", "''That was a good speech, Mr. President,'' Representative Steve Cohen, Democrat of Tennessee, "
           "told Mr. Obama as he stopped for a picture.",
     [("Representative Steve Cohen, Democrat of Tennessee", "tell", "assert", "That was a good speech")]),
    # a quotation resumed after its speaker is one statement, and the name before the
    # closing mark is not part of the speaker
    ("en", "“We hold Senator John McCain in the highest esteem,” Trump said, “and we endorse his re-election.”",
     [("Trump", "say", "assert", "We hold Senator John McCain in the highest esteem,” Trump said, “and we endorse")]),
    # a quotation that goes on with the words of its sentence before it: their statement
    # starts with the sentence; a quotation after a clause with its own cue does not
    ("en", "Officials in the region ''have and will continue to hide the losses,'' the mayor said.",
     [("mayor", "say", "assert", "Officials in the region ''have and will continue")]),
    ("fr", "Les pertes russes sont « très lourdes », a déclaré le ministre.",
     [("ministre", "déclarer", "assert", "Les pertes russes sont « très lourdes")]),
    ("en", "The governor said the fire was out, and “there is no danger,” the mayor added.",
     [("governor", "say", "assert", "the fire was out"), ("mayor", "add", "assert", "there is no danger")]),
    # "as X said" opens its sentence or is set off by a comma; "comme l'a annoncé X": the
    # clitic is what was said, X who said it
    ("en", "The brigade carried out a double mission as declared by its commander, to hold the bridge.", []),
    ("en", "But as the ministry reported, no one was hurt.",
     [("ministry", "report", "assert", "no one was hurt")]),
    ("fr", "Comme l'a indiqué le ministère, cinq drones ont été abattus.",
     [("ministère", "indiquer", "assert", "cinq drones ont été abattus")]),
    ("fr", "Cinq drones ont été abattus, comme l'a annoncé le ministère de la Défense.",
     [("ministère de la Défense", "annoncer", "assert", "Cinq drones ont été abattus")]),
    # the parser hung the inverted speaker's name on a verb of its relative clause
    ("en", "''We will rebuild,'' said Oleh Syniehubov, who served as governor during Mr. Zelensky's first term "
           "yet endorsed the mayor in the local election.",
     [("Oleh Syniehubov", "say", "assert", "We will rebuild")]),
    # a quotation that the sentence goes on after, then its speaker: the whole sentence
    ("en", "\"Let me thank the firefighters\" for their work, the mayor said.",
     [("mayor", "say", "assert", '"Let me thank the firefighters" for their work')]),
    # a participle after a quotation's comma is the speaker's aside, not a closing cue
    ("en", 'He said that was a "lie," describing the report as propaganda.',
     [("He", "say", "assert", 'was a "lie,"')]),
    # "when asked", "Asked about …,": the one asked is not the one who asked
    ("en", "“We will rebuild,” the mayor told CNN when asked about the bridge.",
     [("mayor", "tell", "assert", "We will rebuild")]),
    ("en", "Asked about the strike, the ministry said that two drones had been shot down.",
     [("ministry", "say", "assert", "two drones had been shot down")]),
    # "denied X something" refuses it, it does not deny a statement
    ("en", "Kennedy denied Carter a photograph of unity.", []),
    # a dash inside a quotation, or one closing an aside, signs nothing
    ("en", "''I felt it was a declaration of war. I became what no president should want to be - a wartime president.''",
     []),
    ("en", "It is not lost on bank directors that a major party nominee -- the Republican Donald J. Trump -- "
           "questions American involvement", []),
    # a cue after a comma with its own object and clause is no inverted incise
    ("en", "Friday, Texas, leading a coalition of 13 states, asked a federal judge to block the rules.", []),
    # a source set between commas: the statement runs on both sides of it, unless another
    # speaker's clause is one side
    ("en", "About 10 p.m., according to a congressional timeline, the contractors left for the compound.",
     [("congressional timeline", "according to", "assert", "About 10 p.m., according to")]),
    ("ru", "Над областью, по данным Минобороны, сбиты пять беспилотников.",
     [("Минобороны", "по данным", "assert", "Над областью, по данным Минобороны, сбиты")]),
    ("en", "Russia launched 30 drones, according to the ministry, while Kyiv said that 20 were shot down.",
     [("ministry", "according to", "assert", "Russia launched 30 drones"), ("Kyiv", "say", "assert", "20 were shot down")]),
    # a cue, a comma and a quotation: the quotation is what it says; a quoted aside after a
    # comma inside a clause is not
    ("en", "Stressing the urgency of the matter, Trump said, “If we do not get tough and smart real fast, "
           "we are not going to have a country anymore.”",
     [("Trump", "say", "assert", "If we do not get tough and smart real fast")]),
    ("fr", "Le maire a déclaré, « Deux drones ont été abattus ».",
     [("maire", "déclarer", "assert", "Deux drones ont été abattus")]),
    ("fr", "L’état-major a affirmé dimanche que la raffinerie, « l’une des plus importantes », avait été frappée.",
     [("état-major", "affirmer", "assert", "la raffinerie, « l’une des plus importantes », avait été frappée")]),
    # the tagger read the closing cue as a noun with the name as its compound
    ("en", "“Besides that, not a single accomplishment,” Bozell answers.",
     [("Bozell", "answer", "assert", "Besides that, not a single accomplishment")]),
    # "as X calls on Y to …" is a clause of its own, not "as X said"
    ("en", "As top fellow Democrats call on him to quit the race, his wife is starting to worry.",
     [("top fellow Democrats", "call", "assert", "to quit the race")]),
    # two names joined by a slash after "according to" are one source
    ("en", "According to an online University of Texas/Texas Tribune poll, the senator leads.",
     [("online University of Texas/Texas Tribune poll", "according to", "assert", "the senator leads")]),
    # issue 11: a cue verb in the first person is the publisher's own voice, whatever the
    # parse took for its subject (an adverb read as a noun: "Зараз", "Окремо")
    ("uk", "Зараз говоримо про необхідність прибрати плату за роумінг.", []),
    ("uk", "Окремо повідомляю про те, що роботи тривають.", []),
    # a stretch of time shows, it does not speak
    ("en", "Each passing day of this war makes it increasingly clear what their denazification is.", []),
    ("ru", "Каждый день этой войны свидетельствует, что враг слаб.", []),
    # "according to" a norm, a plan or an idea is "in accordance with": no one speaks
    ("uk", "Відповідно до закону, роботи тривають.", []),
    ("uk", "Згідно з програмною тезою про один народ, яку ми чуємо вже два десятки років.", []),
    ("ru", "Согласно закону, работы продолжаются.", []),
    ("en", "According to the plan, the troops will withdraw.", []),
    ("fr", "Selon la loi, les travaux continuent.", []),
    # while the data of a named speaker still name it
    ("uk", "За даними Генштабу, ворог втратив 100 танків.", [("Генштаб", "за даними", "assert", "ворог втратив")]),
]


# issue 11, Russian Telegram: a cue inside a statement someone else owns, nested cues,
# a speaker's name as the text gives it, cues that report only a clause
CLAIMS += [
    # a cue whose subject is a thing that speaks for no one ("the permission confirms"), in a
    # sentence an "according to" phrase or a closing speaker owns, is part of that statement
    ("ru", "Губернатор заявил об атаке. По его словам, разрешение применять дальнобойное оружие "
           "подтверждает, что против России воюет НАТО.",
     [("Губернатор", "заявить", "assert", "об атаке"),
      ("Губернатор", "по его словам", "assert", "разрешение применять дальнобойное оружие подтверждает")]),
    ("uk", "Мер міста заявив про атаку. За його словами, дозвіл застосовувати далекобійну зброю "
           "підтверджує, що проти Росії воює НАТО.",
     [("Мер міста", "заявити", "assert", "про атаку"),
      ("Мер міста", "за його словами", "assert", "дозвіл застосовувати далекобійну зброю")]),
    ("en", "The governor reported an attack. According to him, the permission confirms that NATO is at war "
           "with Russia.",
     [("governor", "report", "assert", "an attack"),
      ("governor", "according to", "assert", "the permission confirms that NATO")]),
    ("ru", "Заявление советника о готовности помогать Киеву говорит о желании США продлить конфликт, "
           "считает депутат.",
     [("депутат", "считать", "assert", "Заявление советника о готовности помогать Киеву говорит")]),
    ("uk", "Заява радника про готовність допомагати Києву говорить про бажання США продовжити конфлікт, "
           "вважає депутат.",
     [("депутат", "вважати", "assert", "Заява радника про готовність допомагати Києву говорить")]),
    ("en", "The statement shows the desire of the United States to prolong the conflict, the senator believes.",
     [("senator", "believe", "assert", "The statement shows the desire")]),
    # a cue in the past tense is read by its lemma (spaCy 3.8.8 to 3.8.18 lemmatized "hoped" as
    # "hop": a later rule's form came first)
    ("en", "The mayor hoped that the shelling would stop.",
     [("mayor", "hope", "assert", "the shelling would stop")]),
    # "writes that in Washington they believe that …": the nested cue's clause is in the statement
    ("ru", "Газета пишет, что в Вашингтоне считают, что разрыв в численности решит исход войны.",
     [("Газета", "писать", "assert", "в Вашингтоне считают, что разрыв в численности решит исход")]),
    # a verb's subject is named as the text gives it, not as the tagger's other reading of a
    # surname ("Смирнова" is no accusative of "Смирнов")
    ("ru", "Смирнова утверждает: удар нанесён по складу.",
     [("Смирнова", "утверждать", "assert", "удар нанесён по складу")]),
    # cues that report a clause, never their object; beliefs and findings that report one
    ("ru", "Президент подписал указ о доктрине, добавив в неё новые пункты.", []),
    ("ru", "Эксперты установили, что дрон нёс взрывчатку.",
     [("Эксперты", "установить", "assert", "дрон нёс взрывчатку")]),
    ("uk", "Експерти встановили, що дрон ніс вибухівку.",
     [("Експерти", "встановити", "assert", "дрон ніс вибухівку")]),
    ("en", "On Victory Day the veterans recalled the price of the peace they had won.", []),
    ("en", "Refugees from the city found a home in the suburbs.", []),
    ("en", "The old man recalled that the bridge had been hit twice.",
     [("old man", "recall", "assert", "the bridge had been hit twice")]),
    # the clause of a noun they take is the object's, with its "no"
    ("en", "The inquiry found no evidence that the missile was fired from the east.",
     [("inquiry", "find", "assert", "no evidence that the missile was fired")]),
    ("ru", "Наблюдатели допускают, что это была постановка.",
     [("Наблюдатели", "допускать", "assert", "это была постановка")]),
    ("uk", "Спостерігачі припускають, що це була постановка.",
     [("Спостерігачі", "припускати", "assert", "це була постановка")]),
    # "…, об этом рассказал X": a back reference after a comma reports the clause before it
    ("ru", "Разведчики разработали тактику поиска блиндажей, об этом РИА Новости рассказал командир отряда.",
     [("командир отряда", "рассказать", "assert", "Разведчики разработали тактику поиска блиндажей")]),
    ("uk", "Розвідники розробили тактику пошуку бліндажів, про це агентству розповів командир загону.",
     [("командир загону", "розповісти", "assert", "Розвідники розробили тактику пошуку бліндажів")]),
]

# issue 11, Russian Telegram: signatures and incises as posts write them
CLAIMS += [
    # a comma before the dash signs the line, whatever the tagger made of its verb, and a
    # foreign name is a signature too
    ("ru", "Режим «Ковёр» введён в аэропорту Казани из-за угрозы атаки дронов, — __Baza__\n",
     [("Baza", "—", "assert", "Режим «Ковёр» введён в аэропорту Казани")]),
    ("uk", "Режим «Килим» запроваджено в аеропорту Казані через загрозу атаки дронів, — __Baza__\n",
     [("Baza", "—", "assert", "Режим «Килим» запроваджено")]),
    ("ru", "Режим «Ковёр» введён в аэропорту Казани из-за угрозы атаки дронов, — губернатор",
     [("губернатор", "—", "assert", "Режим «Ковёр» введён")]),
    # "…, — сообщил губернатор": a dash after the comma still sets off the incise
    ("ru", "Над Брянской областью сбиты два дрона, — сообщил губернатор.\nРазрушений нет.",
     [("губернатор", "сообщить", "assert", "Над Брянской областью сбиты два дрона")]),
    # "говорится на сайте Офиса президента": the owner of the channel speaks
    ("ru", "В одном из дронов применены системы наведения германских компаний, говорится на сайте Офиса "
           "президента Украины.",
     [("Офис президента Украины", "говориться", "assert", "В одном из дронов применены")]),
    ("uk", "Над областю збито два дрони, йдеться на сторінці Повітряних сил.",
     [("Повітряні сили", "йтися", "assert", "Над областю збито два дрони")]),
    ("uk", "Генштаб ЗСУ повідомив про ураження об'єкта. «Зафіксовано влучання і пожежу», – йдеться в повідомленні.",
     [("Генштаб ЗСУ", "повідомити", "assert", "про ураження об'єкта"),
      ("Генштаб ЗСУ", "йтися", "assert", "Зафіксовано влучання і пожежу")]),
    # a speaker who closes a line signs the sentences of that line that have no cue of their own
    ("ru", "Очевидцы сообщают о пожаре.\n\nВ районе тушат крупный пожар на промобъекте. Всего задействовано "
           "109 человек, заявил губернатор.\n\nПодписывайся.",
     [("Очевидцы", "сообщать", "assert", "о пожаре"),
      ("губернатор", "заявить", "assert", "В районе тушат крупный пожар на промобъекте. Всего задействовано")]),
    ("uk", "У районі гасять велику пожежу на підприємстві. Загалом залучено 109 людей, заявив губернатор.\n\n"
           "Підписуйся.",
     [("губернатор", "заявити", "assert", "У районі гасять велику пожежу на підприємстві. Загалом залучено")]),
]

# a post that opens with a quotation on a line of its own, given to no one, quotes the
# first speaker the text after it names
CLAIMS += [
    ("ru", "__«Удар будет как всегда неожиданным»__\n\nВ беседе с агентством депутат Иванов заявил, что "
           "Россия готова к эскалации.",
     [("депутат Иванов", None, "assert", "Удар будет как всегда неожиданным"),
      ("депутат Иванов", "заявить", "assert", "Россия готова к эскалации")]),
    ("uk", "**«Удар буде, як завжди, несподіваним»**\n\nВ інтерв'ю агентству депутат Іваненко заявив, що Росія "
           "готова до ескалації.",
     [("депутат", None, "assert", "Удар буде, як завжди, несподіваним"),
      ("депутат", "заявити", "assert", "Росія готова до ескалації")]),
    ("en", "\"The strike will come as a surprise, as always\"\n\nIn an interview, the committee chairman said "
           "that Russia was ready to respond.",
     [("committee chairman", None, "assert", "The strike will come as a surprise"),
      ("committee chairman", "say", "assert", "Russia was ready to respond")]),
]

# a pronoun subject with no speaker named before it stands for the last person the text
# named, an animate noun that agrees with it (the Ukrainian dictionary's animacy, where
# natasha's Russian tagger gives none); a parse without animacy names no one
CLAIMS += [
    ("ru", "Москвич забросал детский сад бутылками. Экспериментатора нашли. При задержании он объяснил, "
           "что хотел скоротать время.",
     [("Экспериментатор", "объяснить", "assert", "хотел скоротать время")]),
    ("ru", "Полиция задержала мужчину. Он заявил, что ничего не делал.",
     [("мужчина", "заявить", "assert", "ничего не делал")]),
    ("uk", "Поліція затримала чоловіка. Він заявив, що нічого не робив.",
     [("чоловік", "заявити", "assert", "нічого не робив")]),
]

# the colon of a time ("в 03:25") opens no statement: the line's speaker is who signs it
CLAIMS += [
    ("ru", "ВСУ в 03:25 нанесли удар по объекту, сообщили в Минобороны.",
     [("Минобороны", "сообщить", "assert", "ВСУ в 03:25 нанесли удар")]),
]
# "there" after an impersonal cue is the body the cue named last
CLAIMS += [
    ("ru", "Удар пришёлся по складу, сообщили в Минобороны. «Пострадавших нет», — сообщили там.",
     [("Минобороны", "сообщить", "assert", "Удар пришёлся по складу"),
      ("Минобороны", "сообщить", "assert", "Пострадавших нет")]),
    ("uk", "Удар припав на склад, повідомили в ОВА. «Постраждалих немає», — повідомили там.",
     [("ОВА", "повідомити", "assert", "Удар припав на склад"),
      ("ОВА", "повідомити", "assert", "Постраждалих немає")]),
]
# "commented on the reports" names what was spoken about; "commented that …" reports
CLAIMS += [
    ("ru", "Депутат прокомментировал сообщения украинских СМИ.", []),
    ("ru", "Депутат прокомментировал, что удар был ожидаем.",
     [("Депутат", "прокомментировать", "assert", "удар был ожидаем")]),
    ("uk", "Речник прокоментував заяву Кремля.", []),
]
# a sentence that opens with a cue, no subject and a comma speaks for the one the sentence
# before was about ("Говорит, …", "Каже, …"); not for a thing
CLAIMS += [
    ("ru", "Певица описала задержание. Говорит, была трезва и вменяема.",
     [("Певица", "говорить", "assert", "была трезва и вменяема")]),
    ("uk", "Свідок описав напад. Каже, нападників було троє.",
     [("Свідок", "казати", "assert", "нападників було троє")]),
    ("ru", "Взрыв прогремел утром. Говорит, всё в порядке.", []),
    ("ru", "Энтузиасты выпустили учебник. Говорят, это лучший учебник.", []),
]
# a post opening with a quotation quotes no speaker a participle names inside another's sentence
CLAIMS += [
    ("ru", "«Удар будет неожиданным»\n\nДепутат Андрей Картаполов прокомментировал сообщения СМИ, "
           "заявивших, что Россия готовит удар.",
     [("СМИ", "заявить", "assert", "Россия готовит удар")]),
]
# Ukrainian through a parser trained on Russian: the cue's clause after its own words (a
# time, a hearer, a place) and its topic; the subject in the nominative the parse made an
# object; "Як повідомив голова ОВА" with the speaker read as an object
CLAIMS += [
    ("uk", "Міністр оборони заявив журналістам, що ракета влучила в будинок.",
     [("Міністр оборони", "заявити", "assert", "ракета влучила в будинок")]),
    ("uk", "Президент Байден цілком справедливо сказав сьогодні, що цей крок – недешевий.",
     [("Президент Байден", "сказати", "assert", "цей крок – недешевий")]),
    ("uk", "Речник Повітряних сил Юрій Ігнат розповів в ефірі телемарафону, що ворог застосував балістику.",
     [("Речник Повітряних сил Юрій Ігнат", "розповісти", "assert", "ворог застосував балістику")]),
    ("uk", "Канцлер Німеччини Олаф Шольц учора сказав про вторгнення Росії в Україну, що Європа такого не бачила 75 років.",
     [("Канцлер Німеччини Олаф Шольц", "сказати", "assert", "про вторгнення Росії в Україну, що Європа такого")]),
    ("uk", "Мер Києва Віталій Кличко повідомив у Telegram про вибухи в місті.",
     [("Мер Києва Віталій Кличко", "повідомити", "assert", "про вибухи в місті")]),
    ("uk", "Як повідомив голова ОВА, внаслідок обстрілу загинули двоє людей.",
     [("голова ОВА", "повідомити", "assert", "внаслідок обстрілу загинули двоє людей")]),
    ("uk", "Голова ОВА зауважив, що загроза повторних ударів залишається.",
     [("Голова ОВА", "зауважити", "assert", "загроза повторних ударів залишається")]),
    # whose data: the words before the comma, not a noun of the statement the parse hung on them
    ("uk", "Згідно з даними Повітряних сил, вночі збито 20 дронів, які атакували Київ.",
     [("Повітряні сили", "згідно з", "assert", "вночі збито 20 дронів")]),
    # "у Міноборони" is where it was said, not a subject
    ("uk", "У Міноборони РФ заявили, що вдарили по цехах.",
     [("Міноборони", "заявити", "assert", "вдарили по цехах")]),
    # the subject's phrase the parse broke: the run of nouns before the verb, opened by a nominative
    ("uk", "Міністр закордонних справ Дмитро Кулеба заявив, що Україна не погодиться на такі умови.",
     [("Міністр закордонних справ Дмитро Кулеба", "заявити", "assert", "Україна не погодиться")]),
    # what they speak about, behind its preposition, is not who speaks
    ("uk", "І про будь-яке наше спалене село вони кажуть однаково, що це також не вони.",
     [("вони", "казати", "assert", "це також не вони")]),
    # "a réagi", "отреагировал", "відреагував" report a quotation in an incise, nothing else
    ("fr", "« C'est un crime de guerre », a réagi le ministre.", [("ministre", "réagir", "assert", "C'est un crime de guerre")]),
    ("fr", "Le ministre a réagi à l'attaque en convoquant l'ambassadeur.", []),
    ("ru", "«Это провокация», — отреагировал Песков.", [("Песков", "отреагировать", "assert", "Это провокация")]),
    ("ru", "Песков отреагировал на заявление Зеленского.", []),
    ("uk", "«Це провокація», – відреагував Кулеба.", [("Кулеба", "відреагувати", "assert", "Це провокація")]),
    # a plural verb with no subject says who by "в"/"у", with an object as with a clause
    ("ru", "В Минобороны опровергли информацию о прорыве фронта.",
     [("Минобороны", "опровергнуть", "deny", "информацию о прорыве фронта")]),
    ("uk", "У Генштабі спростували інформацію про прорив фронту.",
     [("Генштаб", "спростувати", "deny", "про прорив фронту")]),
    ("ru", "В Курске прогремели взрывы.", []),
    # a back reference: where it was said ends the name; a name the tagger read as an adjective
    ("uk", "Вибухи пролунали вночі. Про це заявив мер міста Ігор Терехов в ефірі національного телемарафону.",
     [("мер міста Ігор Терехов", "заявити", "assert", "Вибухи пролунали вночі")]),
    ("uk", "Вибухи пролунали вночі. Про це повідомляє Суспільне.",
     [("Суспільне", "повідомляти", "assert", "Вибухи пролунали вночі")]),
    # "claimed the lives of" is a toll, not a claim
    ("en", "The strike claimed the lives of 52 people.", []),
    # what will be told, not told yet: no content, no claim
    ("en", "The ministry will announce the details later.", []),
    ("ru", "Минобороны сообщит подробности позже.", []),
    ("uk", "Міністерство цифрової трансформації повідомить деталі, як саме оформити допомогу.", []),
    ("fr", "Le ministère précisera les détails plus tard.", []),
    # a dash before "це"/"это" is a copula, even after a sentence with a verb on its line
    ("uk", "Весь світ вчергове переконався, що Росія не просто агресор. Росія — це держава-терорист.", []),
    # "said nothing" is silence
    ("en", "Maksym said nothing to his mother.", []),
    ("en", "She said almost nothing about monetary policy until October 2015.",
     [("She", "say", "assert", "almost nothing about monetary policy")]),
    ("fr", "Le ministère n'a rien dit.", []),
    # "an order, according to which …": the order speaks for no one
    ("uk", "Ухвалено розпорядження, згідно з яким Державне агентство резерву має закупити пальне.", []),
    ("ru", "Принят закон, согласно которому мобилизация продлена.", []),
    # an adverb the Ukrainian dictionary misreads as a noun ("уже", vocative of "уж") is no speaker's word
    ("uk", "Світ уже визнав, що блокада портів провокує кризу.",
     [("Світ", "визнати", "acknowledge", "блокада портів провокує кризу")]),
    ("en", "Russia claimed the capture of the village.", [("Russia", "claim", "assert", "the capture of the village")]),
    # "заметил, что" remarks; "заметили беспилотник" saw one
    ("ru", "Губернатор заметил, что угроза сохраняется.",
     [("Губернатор", "заметить", "assert", "угроза сохраняется")]),
    ("ru", "Военные заметили беспилотник над городом.", []),
    # a name in quote marks is part of the speaker's name, not a quotation
    ("ru", "По словам представителя оперативного командования «Юг», сбиты 4 дрона.",
     [("представитель оперативного командования «Юг»", "по словам", "assert", "сбиты 4 дрона")]),
    ("uk", "Речник угруповання «Південь» Владислав Волошин заявив, що збито 5 дронів.",
     [("Речник угруповання «Південь» Владислав Волошин", "заявити", "assert", "збито 5 дронів")]),
    # a person named inside the quotation is not who "он" is
    ("ru", "Такое мнение выразил обозреватель агентства Bloomberg Андреас Клут.\n\n«Трамп скоро будет вести "
           "переговоры с Владимиром Путиным», — написал он.",
     [("Андреас Клут", "написать", "assert", "Трамп скоро будет вести переговоры")]),
    # "его" is "он"'s: not the feminine "РФ" named last, but Песков
    ("ru", "Ракета является ракетой средней дальности, заявил Дмитрий Песков. РФ также предупредила о запуске "
           "ракеты за 30 минут.\n\nПо его словам, Россия не имеет обязательства делать предупреждение.",
     [("Дмитрий Песков", "заявить", "assert", "Ракета является ракетой"),
      ("РФ", "предупредить", "assert", "о запуске ракеты"),
      ("Дмитрий Песков", "по его словам", "assert", "Россия не имеет обязательства")]),
    # a speaker's phrase with its preposition is kept as written
    ("ru", "По информации с мест, ВС РФ зашли в Дарьино.",
     [("с мест", "по информации", "assert", "ВС РФ зашли в Дарьино")]),
    # the words that agree with a neuter noun are put in the nominative as neuter
    ("ru", "В российском оборонном ведомстве отметили, что самолеты действовали по правилам.",
     [("российское оборонное ведомство", "отметить", "assert", "самолеты действовали")]),
    # a signature on a line of its own signs the paragraphs before it, with or without a verb
    ("ru", "Ещё восемь беспилотников сбили ПВО в Раменском.\n\nСпециалисты работают на месте.\n\n— Собянин.",
     [("Собянин", "—", "assert", "Ещё восемь беспилотников сбили ПВО")]),
    ("ru", "Обломки беспилотника упали на предприятие.\n\nНа месте падения возникло возгорание.\n\n"
           "— сообщил губернатор Владислав Шапша.",
     [("губернатор Владислав Шапша", "сообщить", "assert", "Обломки беспилотника упали")]),
    ("ru", "Дроны летели над городом.\n\n— Над Курской областью — 7.", []),
    # an item of a list under a label is no signature, nor is the label a speaker
    ("ru", "Главное:\n\n— Сбиты два дрона.\n\n— Генштаб и Минобороны РФ", []),
    # a surname the entity tagger takes for one more place of a list is still a speaker
    ("ru", "Сбито еще семь беспилотников в городских округах Домодедово, Раменское и Коломна — Собянин.",
     [("Собянин", "—", "assert", "Сбито еще семь беспилотников")]),
    # a report speaks for its owner
    ("ru", "В сообщении обладминистрации говорится, что пострадавшие получили ранения.",
     [("обладминистрация", "говориться", "assert", "пострадавшие получили ранения")]),
    ("ru", "В сообщении говорится, что сбиты два дрона.", [("сообщение", "говориться", "assert", "сбиты два дрона")]),
    # a participle standing for a noun after "о" is what was reported, as a noun is
    ("ru", "Спасатели сообщили о восьми погибших.", [("Спасатели", "сообщить", "assert", "о восьми погибших")]),
    ("ru", "Мэр сообщил о погибших и раненых.", [("Мэр", "сообщить", "assert", "о погибших и раненых")]),
    # what kind of data, then whose: the owner speaks; with no owner, no one is cited
    ("ru", "По предварительным данным Минобороны, сбиты два дрона.",
     [("Минобороны", "по предварительным данным", "assert", "сбиты два дрона")]),
    ("uk", "За попередніми даними Генштабу, збито 20 дронів.",
     [("Генштаб", "за попередніми даними", "assert", "збито 20 дронів")]),
    ("ru", "По предварительным данным, пострадавших нет.", []),
    ("ru", "По предварительным данным пострадавших нет.", []),
    # statements made somewhere, under a colon, are the last speaker's, not the place's
    ("ru", "Центры принятия решений могут стать целью — Путин.\n\nДругие заявления на саммите ОДКБ:\n\n"
           "— Киев пытался атаковать цели в Москве.",
     [("Путин", "—", "assert", "Центры принятия решений"), ("Путин", "заявление", "assert", "Киев пытался атаковать")]),
    # a dash and a cue verb before the speaker at the end of a line
    ("ru", "Отражена атака беспилотника, летевшего на Москву — сообщает Сергей Собянин.",
     [("Сергей Собянин", "сообщать", "assert", "Отражена атака беспилотника")]),
    # a name and a colon before a statement that quotes a name of its own
    ("ru", "Путин: Центры принятия решений в Киеве могут стать целью для «Орешника».",
     [("Путин", ":", "assert", "Центры принятия решений")]),
    ("ru", "«Орешник»: какой ракетой Путин грозит Западу и насколько это опасно.", []),
    ("en", "WALLACE: Do you really see those two as equivalent?", []),
    ("ru", "Газета «Ведомости»: власти закрыли аэропорт.", [("Газета «Ведомости»", ":", "assert", "власти закрыли аэропорт")]),
    ("ru", "Лавров: удар ракетами — сигнал к эскалации, заявил он.",
     [("Лавров", "заявить", "assert", "Лавров: удар ракетами")]),
    # the one who made the address, or whose words they are, under a colon
    ("ru", "Путин выступил с важным обращением, главное:\n\n— По территории России применено западное оружие.",
     [("Путин", "обращение", "assert", "По территории России применено")]),
    ("ru", "Главное из слов президента:\n\n— Россия была вынуждена пойти на испытания.",
     [("президент", "слово", "assert", "Россия была вынуждена")]),
    # whom a warning is for is no content; what it is about is
    ("ru", "Россия будет предупреждать мирных жителей в случае применения таких систем.", []),
    ("ru", "Губернатор предупредил жителей о ракетной опасности.",
     [("Губернатор", "предупредить", "assert", "о ракетной опасности")]),
    ("uk", "Голова ОВА попередив мешканців про загрозу ударів.",
     [("Голова ОВА", "попередити", "assert", "про загрозу ударів")]),
    # told a news agency, in a body: the body speaks, whatever the parse hung the body on
    ("ru", "Удар нанесен по промзоне в Харьковской области, которая используется в военных целях, "
           "заявили РИА Новости в пророссийском подполье.",
     [("пророссийское подполье", "заявить", "assert", "Удар нанесен по промзоне")]),
    # "there" again: the body named last
    ("ru", "В Минобороны заявили, что сбиты два дрона. Там же уточнили, что пострадавших нет.",
     [("Минобороны", "заявить", "assert", "сбиты два дрона"), ("Минобороны", "уточнить", "assert", "пострадавших нет")]),
    ("ru", "Военные сообщили о взрывах в городе.\n\nГород остался без света. Многие жители уехали.\n\n"
           "Там же добавили, что пострадавших нет.",
     [("Военные", "сообщить", "assert", "о взрывах в городе")]),
    # a time is no speaker; the subject in the nominative after it is, whatever the parse
    ("ru", "«Единственная сложность с аэродромом в том, что там стоянка», — писало в июле 2013 года издание «МК».",
     [("издание «МК»", "писать", "assert", "Единственная сложность с аэродромом")]),
    # who speaks, then what about, before a colon
    ("ru", "Зеленский о разрешении ВСУ бить вглубь территории РФ:\n\nПлан усиления Украины — это План победы.",
     [("Зеленский", ":", "assert", "План усиления Украины")]),
    # a heading that says what follows is about is no speaker
    ("ru", "О потенциальных целях на Украине:\n\n— В настоящее время подбираются цели для ударов.", []),
    # a dash, like a comma, closes the clause "об этом" reports
    ("ru", "В сентябре дрон ударил по многоэтажке — об этом сообщил рэпер Брутто.",
     [("рэпер Брутто", "сообщить", "assert", "В сентябре дрон ударил по многоэтажке")]),
    # a quoted phrase a noun governs is no quotation of its own: the incise takes the sentence
    ("ru", "Украинский кризис далек от урегулирования, о чем говорит ситуация \"на поле боя\", заявил Лавров.",
     [("Лавров", "заявить", "assert", "Украинский кризис далек от урегулирования")]),
    # a report with no owner is the one whose speaker was named last, named as written
    ("ru", "ГУР утверждает, что в Подмосковье сожгли вертолет.\n\nСогласно заявлению, вертолет уничтожен ночью.",
     [("ГУР", "утверждать", "assert", "в Подмосковье сожгли вертолет"),
      ("ГУР", "согласно", "assert", "вертолет уничтожен ночью")]),
    ("en", "The ministry said two drones were downed. According to the statement, the drones flew from the south.",
     [("ministry", "say", "assert", "two drones were downed"),
      ("ministry", "according to", "assert", "the drones flew from the south")]),
    # two subjects with a clause between them: the nearer one speaks
    ("ru", "Путин в четверг был в Астане, но ударов по энергетике не касался, он сказал, что поражено 17 целей.",
     [("Путин", "сказать", "assert", "поражено 17 целей")]),
    # a clause that opens a quotation runs to the quotation's end, past a colon inside it
    ("ru", "Путин сказал, что «поражено 17 целей: это военные объекты и системы их обеспечения».",
     [("Путин", "сказать", "assert", "поражено 17 целей: это военные объекты")]),
    # a conclusion drawn is a statement
    ("ru", "Британские аналитики сделали вывод, что Россия поставила нефть.",
     [("Британские аналитики", "сделать вывод", "assert", "Россия поставила нефть")]),
    # a short passive says who by its report's owner, past a relative clause set off by commas
    ("ru", "В сообщении Росавиации, которое цитируют российские агентства, сказано, что аэропорт закрыт.",
     [("Росавиация", "сказать", "assert", "аэропорт закрыт")]),
    ("ru", "Ранее было сказано, что аэропорт закрыт.", []),
    # an adjective standing for people, alone before the comma, is whose words
    ("ru", "Со слов местных, беспилотник врезался в пятиэтажку.",
     [("местные", "со слов", "assert", "беспилотник врезался в пятиэтажку")]),
    # "answered" reports what was said; an indirect question ("допускает ли") says nothing
    ("ru", "Отвечая на вопрос о том, допускает ли Франция отправку войск, Барро ответил так: "
           "«Мы не отбрасываем ни один вариант».",
     [("Барро", "ответить", "assert", "Мы не отбрасываем ни один вариант")]),
    ("uk", "Міністр відповів, що удари тривали всю ніч.",
     [("Міністр", "відповісти", "assert", "удари тривали всю ніч")]),
    ("ru", "Россия ответит на удары по своей территории.", []),
    # an opinion or a confidence expressed is a statement
    ("ru", "Экс-главком ВСУ выразил мнение, что страны не будут готовы к противостоянию с РФ.",
     [("Экс-главком ВСУ", "выразить мнение", "assert", "страны не будут готовы")]),
    ("uk", "Міністр висловив впевненість, що Україна отримає нові системи ППО.",
     [("Міністр", "висловити впевненість", "assert", "Україна отримає нові системи ППО")]),
    # a medium that relays someone's words gives them to whom it quotes
    ("ru", "«Это ужасная эскалация», — цитирует AFP канцлера.",
     [("канцлер", "цитировать", "assert", "Это ужасная эскалация")]),
    ("ru", "«Станция снова может получать электроэнергию», — передает слова министра Интерфакс-Украина.",
     [("министр", "передавать", "assert", "Станция снова может получать")]),
    ("ru", "ТАСС цитирует Пескова: «Мы не комментируем это».",
     [("Песков", "цитировать", "assert", "Мы не комментируем это")]),
    ("ru", "«Удар нанесен по складу», — передает ТАСС.",
     [("ТАСС", "передавать", "assert", "Удар нанесен по складу")]),
    # a participle inside the phrase before the verb does not cut it; a phrase of another
    # preposition says when or where, not who
    ("ru", "При этом в команде действующего президента опасаются, что удары могут спровоцировать Россию.",
     [("команда действующего президента", "опасаться", "assert", "удары могут спровоцировать Россию")]),
    ("ru", "На брифинге представитель ведомства заявил, что удар нанесен по складу.",
     [("представитель ведомства", "заявить", "assert", "удар нанесен по складу")]),
    # however long the cue's own words, a quotation after its colon is what it reports
    ("ru", "Зеленский назвал целью атаки энергетическую инфраструктуру по всей Украине: "
           "«К сожалению, есть повреждения объектов».",
     [("Зеленский", "назвать", "assert", "К сожалению, есть повреждения объектов")]),
    ("en", 'The minister described the attack on the power plant in the south as brutal: '
           '"There is damage to the plants."',
     [("minister", "describe", "assert", "There is damage to the plants.")]),
    # a quotation of several sentences in straight marks is one statement
    ("ru", '"Мы обсудили возможности реагирования. Я назвал конкретные системы ПВО. Эти системы есть у партнеров", '
           '— говорится в сообщении.',
     [("сообщение", "говориться", "assert", "Мы обсудили возможности реагирования. Я назвал")]),
    # a body named by a compound word ("облпрокуратура") speaks before a colon
    ("ru", "Донецкая облпрокуратура: российские военные сбросили авиабомбу на жилой квартал.",
     [("Донецкая облпрокуратура", ":", "assert", "российские военные сбросили авиабомбу")]),
    # what a cue reports may be a topic right after it, whatever the parse hung it on;
    # then the cue does not close the clause before it
    ("ru", "В Раменском городском округе закончилась атака, власти сообщили об отбое опасности БПЛА.",
     [("власти", "сообщить", "assert", "об отбое опасности БПЛА")]),
    # what someone is called, said before whom
    ("ru", "Сын Трампа назвал «имбецилами» тех, кто принял решение позволить Украине наносить удары.",
     [("Сын Трампа", "назвать", "assert", "«имбецилами» тех, кто принял решение")]),
    # after a dash, names in another case than the nominative say which, they sign nothing
    ("ru", "Здесь размещались беспризорные псы из приграничных районов — Шебекина, Новой Таволжанки и Грайворона.", []),
    ("ru", "Сбиты два беспилотника, — Собянин и Воробьёв.",
     [("Собянин и Воробьёв", "—", "assert", "Сбиты два беспилотника")]),
    # a clause joined by "and" after a comma is no speaker closing the statement
    ("ru", "Военные блоги утверждают, что россияне зашли в город, и карта DeepState это подтверждает.",
     [("Военные блоги", "утверждать", "assert", "россияне зашли в город")]),
    # a signature in the nominative that the tagger read in another case ("of the power"), as written
    ("ru", "Мужчина погиб в результате обстрела Запорожской области — власти",
     [("власти", "—", "assert", "Мужчина погиб в результате обстрела")]),
    # after an incise, its subject speaks, not its object
    ("ru", "«На крышу дома упали обломки ракеты», — прокомментировали снимки спасатели.",
     [("спасатели", "прокомментировать", "assert", "На крышу дома упали обломки ракеты")]),
    # an enumerating verb reports in an incise; its objects are what it lists, not a statement
    ("ru", "В атаке участвовали восемь ракет «Кинжал» и 101 крылатая ракета, перечислили военные.",
     [("военные", "перечислить", "assert", "В атаке участвовали восемь ракет")]),
    ("ru", "«Массированный удар по всем регионам», — написал Зеленский, перечислив ракеты: «Цирконы», «Кинжалы».",
     [("Зеленский", "написать", "assert", "Массированный удар по всем регионам")]),
    # what the parser hung on the cue as a clause of its own, with no verb, goes on the clause
    ("ru", "Воздушные силы утверждают, что сбить удалось и гиперзвуковой «Циркон», и семь из восьми «Кинжалов».",
     [("Воздушные силы", "утверждать", "assert", "сбить удалось и гиперзвуковой «Циркон», и семь")]),
    # a participle on a report noun speaks for whoever put the report out
    ("en", "The ministry issued a statement saying that two drones were shot down.",
     [("ministry", "say", "assert", "two drones were shot down")]),
    ("ru", "Картаполов прокомментировал сообщения украинских СМИ, заявивших, что Россия готовит удар.",
     [("украинские СМИ", "заявить", "assert", "Россия готовит удар")]),
    # a report or tally after "according to" speaks for whoever is named in front of it ...
    ("en", "Trump has won 758 delegates, according to a CNN tally.",
     [("CNN tally", "according to", "assert", "Trump has won 758 delegates")]),
    # ... and with no owner at all it is no source
    ("en", "Two people were killed, according to preliminary data.", []),
    # a country's cue inside a statement an incise gives to someone is part of that statement
    ("ru", "Россия категорически отвергает замораживание конфликта, заявил директор СВР Нарышкин.",
     [("директор СВР Нарышкин", "заявить", "assert", "Россия категорически отвергает")]),
    ("ru", "Россия отвергает заморозку конфликта.", [("Россия", "отвергать", "deny", "заморозку конфликта")]),
    # a heading that names a conversation, not a speaker, before a colon: the statement after it
    # names its own speaker, and what the parser hung on it from before the cue is not its content
    ("ru", "Телефонный разговор Зеленского со Стармером: украинский президент говорит о «дальнейшем наращивании»",
     [("украинский президент", "говорить", "assert", "о «дальнейшем наращивании»")]),
    # a numeral governs the case of the subject's noun: named as written
    ("ru", "Лидеры провели телефонный разговор, сообщили обе стороны.",
     [("обе стороны", "сообщить", "assert", "Лидеры провели телефонный разговор")]),
    # the noun phrase opening the sentence, set off from its cue by a relative clause, speaks
    ("en", "One attendee, who like others spoke on the condition of anonymity to discuss the private "
           "meeting, said the message was that the race would go on.",
     [("One attendee", "say", "assert", "the message was that the race would go on")]),
    # a noun that only ever refers back, with no determiner, stands for the body just named
    ("ru", "Минобороны РФ сообщило об ответных ударах. «Уничтожено до 40 человек», добавили в ведомстве.",
     [("Минобороны РФ", "сообщить", "assert", "об ответных ударах"),
      ("Минобороны РФ", "добавить", "assert", "Уничтожено до 40 человек")]),
    # a promise reports a statement only in an incise; a calculation is a report
    ("ru", "ВСУ могут и будут контратаковать, пообещал украинский главком.",
     [("украинский главком", "пообещать", "assert", "ВСУ могут и будут контратаковать")]),
    ("ru", "США обещают поставить Украине снаряды.", []),
    ("ru", "Общий объем помощи превысил $62 млрд, подсчитали в Пентагоне.",
     [("Пентагон", "подсчитать", "assert", "Общий объем помощи превысил $62 млрд")]),
    # a double space inside a speaker's name is still the name
    ("ru", "США поставят снаряды, заявил советник  президента США Джейк Салливан.",
     [("советник президента США Джейк Салливан", "заявить", "assert", "США поставят снаряды")]),
    # the parser gave the incise verb a word of the statement as a subject too
    ("ru", "В атаке участвовали восемь ракет «Кинжал», а также еще четыре крылатых ракеты Х-22 и пять "
           "авиационных ракет Х-59, перечислили военные.",
     [("военные", "перечислить", "assert", "В атаке участвовали восемь ракет")]),
    # a signature on a line of its own signs its block, back to the signature before
    ("ru", "Пожар потушили около двух ночи.\n— губернатор области.\n\nНа втором предприятии повреждена крыша.\n"
           "— глава региона.",
     [("губернатор области", "—", "assert", "Пожар потушили около двух ночи"),
      ("глава региона", "—", "assert", "На втором предприятии повреждена крыша")]),
    # "those", "everyone" with a clause that says who they are name the people it describes
    ("en", "By 58%-33%, those surveyed said the group's funding shouldn't be eliminated.",
     [("those", "say", "assert", "the group's funding shouldn't be eliminated")]),
    ("en", "You know that the strike was a crime.", []),
    # the parser gave "что" and the clause's subject to another clause: the clause opens after "что"
    ("ru", "В компании Helsing утверждают, что технология, которая используется в дроне, уже применяется в Украине, "
           "однако подробностей не привели.",
     [("компания Helsing", "утверждать", "assert", "технология, которая используется в дроне, уже применяется")]),
    # the clause's comma hung before the cue is not its content
    ("ru", "Корреспондент Ольга Ившина, которая ведет подсчет потерь, объясняет, как менялась российская армия.",
     [("Корреспондент Ольга Ившина", "объяснять", "assert", "как менялась")]),
    # a line a speaker's name and a colon open is that speaker's to its end
    ("en", "FALLIN: I think he is trying to campaign as a racial healer. I think that has been part of his message.\n"
           "The interview ended.",
     [("FALLIN", ":", "assert", "I think he is trying to campaign as a racial healer. I think that has been")]),
    # "the paper" refers back to the last outlet named
    ("en", "The Global Times tabloid noted that the candidate has fans in China. As the paper noted, it is surprising.",
     [("Global Times tabloid", "note", "assert", "the candidate has fans in China"),
      ("Global Times tabloid", "note", "assert", "it is surprising")]),
    # inside a quotation, its author's words are set off by dashes alone
    ("ru", "«ВСУ нанесли два удара по объектам в Курской области — говорится в заявлении Минобороны. — Обнаружены обломки».",
     [("Минобороны", "говориться", "assert", "ВСУ нанесли два удара")]),
    # a relative clause after a comma is no speaker closing the statement
    ("ru", "Путин представил удар как повод для удара ракетой «Орешник», о которой он с тех пор говорил неоднократно.",
     []),
]

CLAIMS += [
    # an "as" clause inside its sentence: the words before it belong to the clause after it
    ("ru", "В результате последнего удара, как сообщает областная администрация, в городе пропало электричество.",
     [("областная администрация", "сообщать", "assert", "В результате последнего удара")]),
    ("en", "In Kharkiv, as the governor said, two people died.",
     [("governor", "say", "assert", "In Kharkiv")]),
    # the verb's subject is the speaker, past the verb's own adverbials
    ("ru", "Как сообщил в понедельник губернатор, в городе пропало электричество.",
     [("губернатор", "сообщить", "assert", "в городе пропало электричество")]),
    # Ukrainian through a Russian parse: "V, що …" reports the clause whatever the parse
    # hung where, and an adjective before its noun is the noun's
    ("uk", "Синєгубов додав, що уламки впали на територію підприємства.",
     [("Синєгубов", "додати", "assert", "уламки впали на територію підприємства")]),
    ("uk", "В ОВА зазначили, що внаслідок атаки пошкоджено будинок.",
     [("ОВА", "зазначити", "assert", "внаслідок атаки пошкоджено будинок")]),
    ("uk", "У Повітряних силах повідомили, що уламки впали на територію підприємства.",
     [("Повітряні сили", "повідомити", "assert", "уламки впали")]),
    # the owner after "за словами" is in the genitive, whatever the dictionary read first
    ("uk", "За словами голови ОВА, загинули двоє людей.", [("голова ОВА", "за словами", "assert", "загинули")]),
    # a function word before a noun of the same spelling ("як", not the yak); a press
    # service speaks for whose it is; "в" is where the source is, not its name
    ("uk", "Як повідомляє прес-служба ОВА, уламки пошкодили дах.",
     [("прес-служба ОВА", "повідомляти", "assert", "уламки пошкодили дах")]),
    ("uk", "Уночі ворог атакував Харківщину. Про це повідомили в Повітряних силах ЗСУ.",
     [("Повітряні сили ЗСУ", "повідомити", "assert", "Уночі ворог атакував Харківщину")]),
    # a name set off by commas after the source of "selon" / "according to" is who it is
    ("fr", "Selon le gouverneur de la région de Belgorod, Viatcheslav Gladkov, deux civils ont été blessés.",
     [("gouverneur de la région de Belgorod, Viatcheslav Gladkov", "selon", "assert", "deux civils ont été blessés")]),
    # a participle before the colon names no one: "(I am) forced to say this with pain: …"
    ("uk", "Змушений говорити це з болем: Маріуполь так і залишається заблокованим ворогом.", []),
    # a link's address blanked out before a full stop still ends the sentence
    ("ru", "Ракета убила 10 человек [в Сумах](https://www.bbc.com/russian/live/c2k0gpqg57et?post=asset). "
           "Как сообщает администрация, в городе пропало электричество.",
     [("администрация", "сообщать", "assert", "в городе пропало электричество")]),
    # a statement cut before another speaker's clause ends without the "and" between them
    ("en", "The army said it had struck a depot and the governor said two workers were wounded.",
     [("army", "say", "assert", "it had struck a depot"), ("governor", "say", "assert", "two workers were wounded")]),
    # "said A and that B" is one statement, whatever cue the second clause holds
    ("en", 'Reid said that he had spoken to Johnson and that "I think you are going to find a pause in '
           'these deportations."',
     [("Reid", "say", "assert", 'he had spoken to Johnson and that "I think you are going to find a pause')]),
    # a verb joined to an earlier one speaks for its subject, not for a name after the first verb
    ("en", "The senator met with Mr. Obama and later said that the talks went well.",
     [("senator", "say", "assert", "the talks went well")]),
    # a relative clause between commas is no speaker set inside the statement
    ("en", "It is still possible to impose such sanctions, which Ukraine insists on, before May.", []),
    # a plural verb with no subject says who by "в", before a colon as before "что"
    ("ru", "В Минобороны заявили: все цели поражены.", [("Минобороны", "заявить", "assert", "все цели поражены")]),
    # a headline's quotation signed by its speaker and what it was about; two words are a statement
    ("ru", "«Ситуация ухудшилась» — глава МАГАТЭ Гросси о положении на Запорожской АЭС",
     [("глава МАГАТЭ Гросси", "—", "assert", "Ситуация ухудшилась")]),
    ("uk", "«Ми вистоїмо» — Зеленський про обстріли Харкова", [("Зеленський", "—", "assert", "Ми вистоїмо")]),
    ("ru", "Погода о себе напомнила — синоптики о морозах", []),
    # what was talked about is not what was said, after "tell", "ask", "explain" (``topicless_cues``)
    ("en", "The President of Russia told Mr Michel about ongoing measures to protect civilians.", []),
    ("en", "Reuters asked about them in April.", []),
    ("en", "He warned of the dangers of technology.", [("He", "warn", "assert", "of the dangers")]),
    ("ru", "Губернатор рассказал о последствиях атаки.", [("Губернатор", "рассказать", "assert", "о последствиях атаки")]),
    # a Ukrainian clause with no finite verb, and a gerund, still report what follows "що"
    ("uk", "Джонсон наголосив, що Україна спроможна перемогти у цій війні.",
     [("Джонсон", "наголосити", "assert", "Україна спроможна перемогти")]),
    ("uk", "Борис Джонсон особисто відвідав Київ, зазначивши, що події в Україні мають вагу для всіх.",
     [("Борис Джонсон", "зазначивши", "assert", "події в Україні мають вагу")]),  # (the dictionary lemma of a gerund is itself)
    # "spoke out" in an incise only: "высказался о переговорах" names a topic
    ("uk", "«Досить нам цієї війни», — висловився воєнкор Ілля Пономаренко.",
     [("воєнкор", "висловитися", "assert", "Досить нам цієї війни")]),
    ("ru", "Песков высказался о переговорах.", []),
    # what one purports to do is no statement; what one claims is
    ("en", "It claims to restore the Soviet sphere of influence in both Europe and Asia.", []),
    ("en", "Trump has even claimed he will enact a massive infrastructure initiative.",
     [("Trump", "claim", "assert", "he will enact")]),
    # thanks, condolences and offers name what they are, they state nothing; a silence about
    # a topic is still silence; a concern is a statement
    ("en", "Erdogan expressed gratitude for facilitating the evacuation of Turkish citizens.", []),
    ("en", "The President of Russia expressed condolences over the act of terrorism in Israel.", []),
    ("en", "He expressed readiness to continue the dialogue.", []),
    ("en", "The President answered questions from media representatives.", []),
    ("en", "The ministry said nothing about the strike.", []),
    ("en", "Sanders expressed concern about the closed primary system in New York.",
     [("Sanders", "express", "assert", "concern about the closed primary system")]),
    # an evidence cue's embedded question depicts; its clause states; so does an explanation
    ("en", "The video shows how Russian troops shelled the town.", []),
    ("en", "Russia has shown what it has become.", []),
    ("en", "The report shows that five people died.", [("report", "show", "assert", "five people died")]),
    # a headline quotes with single marks (‘ ’ or ' '); a quoted phrase that opens a
    # statement is not all of it, and a clause after a quotation names no speaker
    ("en", "Trump: ‘I’m the Worst Thing That Ever Happened to the Establishment.’",
     [("Trump", ":", "assert", "I’m the Worst Thing")]),
    ("en", "Glenn Beck Says Trump, 'Alt Right' Pose A Threat To Democracy.",
     [("Glenn Beck", "say", "assert", "'Alt Right' Pose A Threat")]),
    ("en", "Sidney Blumenthal: 'No Idea' If I Would Have Told Hillary.",
     [("Sidney Blumenthal", ":", "assert", "'No Idea' If I Would Have Told")]),
    # a pronoun names what was said without saying it
    ("en", "Obama said it in Chicago on Tuesday.", []),
    ("en", "They explained it to the reporters.", []),
    ("en", "Obama said that it was over.", [("Obama", "say", "assert", "it was over")]),
    ("en", "The top-line number shows her now in a dead heat with Sanders nationally.",
     [("top-line number", "show", "assert", "her now in a dead heat")]),
    ("en", "It showed us.", []),
    # a clause joined to the cue's by a conjunction is not what the cue says
    ("en", "All external partners have acknowledged that, and some internal partners still do not.", []),
    ("en", "She said neither Manafort nor Gates played a role in its lobbying activities.",
     [("She", "say", "assert", "neither Manafort nor Gates")]),
    ("en", "Two past elections, over a century apart, suggest both the immediate challenges the GOP faces and "
           "the internal questions it must resolve.",
     [("Two past elections", "suggest", "assert", "both the immediate challenges")]),
    # a passive closing names what was done, not who speaks
    ("en", "New investments in Russia are blocked, restrictions are applied against several systemic banks in Russia, "
           "personal sanctions are added, as well as other restrictions.", []),
    ("en", "Five drones were shot down over the region, it was reported.", []),
    # a saying quotes common wisdom, no one's statement
    ("en", "Because, as they say, if a rock breaks off from Europe, Europe becomes smaller.", []),
    # a unit of time the parse made the subject is no one ("після … шести тижнів війни стверджують";
    # the parse gives the cue no other subject, so no claim yet)
    ("uk", "Російські військові добрехались уже до того, що й після більш як шести тижнів війни стверджують, "
           "що нібито не влучили по жодному із цивільних обʼєктів!", []),
    ("en", "Three weeks later, the ministry said that two drones were shot down.",
     [("ministry", "say", "assert", "two drones were shot down")]),
    # whichever rule reads it: a quotation after "as they say," is the saying's word
    ("en", 'The invaders carried out, as they say, "demilitarization" of the water supply system.', []),
    ("ru", "Как говорится, «война всё спишет».", []),
    ("en", "As the ministry said, eight drones were shot down.",
     [("ministry", "say", "assert", "eight drones were shot down")]),
    # a person who shows a thing shows what they are; a poll that shows one reports it
    ("en", "Leonid Kravchuk showed just such wisdom in the late 1980s.", []),
    ("en", "He showed remarkable stamina on the campaign trail.", []),
    ("en", "A new poll shows Sanders within two points of Clinton.",
     [("new poll", "show", "assert", "Sanders within two points")]),
    # with a clause, a person who shows that something is so shows it by what they do (no
    # gold attribution of the train halves has one); "it" may be a report
    ("en", "During the 50 days of the invasion, they showed that Donbas is the main target for Russia.", []),
    ("en", "Those who have shown that Russian aviation is defenseless.", []),
    # a noun of people (frame.yaml's `people`) is a person as a pronoun is, though English
    # nouns carry no animacy (0 right of 8 such candidates on the train halves)
    ("en", "In this difficult time, the strong Ukrainian people have shown their best qualities.", []),
    ("en", "The residents showed that the city is theirs.", []),
    ("en", "The data showed that 40 people were killed.",
     [("data", "show", "assert", "40 people were killed")]),
    ("en", "The new poll follows surveys by Monmouth University that showed Trump making gains in three key states.",
     [("surveys by Monmouth University", "show", "assert", "Trump making gains")]),
    ("en", "This is one example, but it shows that we are committed to peace.",
     [("it", "show", "assert", "we are committed to peace")]),
    ("en", "Trump explained how he would be free of conflicts of interest.",
     [("Trump", "explain", "assert", "how he would be free")]),
    # "reminded that …" states, as "напомнил, что …" does; "reminded them of …" names a topic
    ("en", "The minister reminded reporters that the sanctions remain in force.",
     [("minister", "remind", "assert", "the sanctions remain")]),
    ("en", "The minister reminded reporters of the sanctions.", []),
    ("en", 'Antony Blinken reminded the obvious truth: "If Russia stops fighting, the war will end."',
     [("Antony Blinken", "remind", "assert", "If Russia stops fighting")]),
    # a cue in a clause under another verb does not take that verb's clause
    ("en", "And when people asked for clothes for children, the occupiers demanded that they sing the anthem.", []),
    ("en", "When reporters asked about the strike, the minister said that two drones were shot down.",
     [("minister", "say", "assert", "two drones were shot down")]),
    # a noun in a list is no incise's verb
    ("en", "After many weeks of negotiations, after many attempts, different meetings, people, calls, countries, "
           "proposals.", []),
    # what a cue asks for is what it says: "called for a ban", "calling for X to do Y"
    ("en", "Trump called for a ban on Muslims entering the United States.",
     [("Trump", "call", "assert", "for a ban on Muslims")]),
    ("en", "Clinton is calling for the United States to step up military efforts.",
     [("Clinton", "call", "assert", "for the United States to step up")]),
    ("en", "And when people asked for clothes for children, the soldiers laughed.", []),
    # what someone should or must say is prescribed, not said
    ("en", "In general, the democratic world must admit that money for Russian energy is money for war.", []),
    ("en", "Eight years later, should Ukraine constantly call for recognition of the European perspective?", []),
    ("ru", "Запад должен признать, что санкции не работают.", []),
    ("uk", "Світ повинен визнати, що санкції не працюють.", []),
    ("fr", "L'Occident doit reconnaître que les sanctions ne marchent pas.", []),
    ("en", "He said Russia must admit that the strike was a mistake.",
     [("He", "say", "assert", "Russia must admit")]),
    # a faculty does not speak
    ("en", "Common sense tells us that the world must respond to the aggressor.", []),
    # nor does common wisdom
    ("en", "This folk wisdom tells that each of your guests is a grace of God.", []),
    ("en", "The conventional wisdom says that he cannot win.", []),
    ("fr", "La sagesse populaire dit que la guerre finira.", []),
    ("ru", "Народная мудрость говорит, что гость в доме — радость.", []),
]

@pytest.mark.parametrize("lang,text,expected", CLAIMS, ids=[f"{c[0]}:{c[1][:30]}" for c in CLAIMS])
def test_attributed_claims(lang, text, expected):
    ledger = analyze_documents([Document(id="d", text=text, lang=lang)], analysis=EVERYTHING)
    found = [(c.source.who, c.cue, c.stance, c.text) for c in ledger.claims if c.attributed]
    assert [f[:3] for f in found] == [e[:3] for e in expected]
    for (*_, text_found), (*_, content) in zip(found, expected):
        assert text_found.startswith(content)


# (lang, text, [(slot, value)]): the counts of the text's one claim
COUNTS = [
    # a casualty word as the label of a figure
    ("uk", "Поранено – 316.", [("injured", 316)]),
    ("ru", "Погибших – 3, раненых – 12.", [("killed", 3), ("injured", 12)]),
    ("en", "Killed: 3.", [("killed", 3)]),
    # no information about the dead is not no dead
    ("uk", "Але станом на цей час немає інформації про загиблих.", []),
    ("fr", "Il n’y a aucune information sur des victimes.", []),
    ("en", "There is no information about casualties yet.", []),
    ("ru", "Погибших нет.", [("killed", 0)]),
    # no serious damage is not no damage
    ("ru", "Серьёзных разрушений нет.", []),
    ("en", "There was no major damage.", []),
    ("ru", "Разрушений нет.", [("damage", "none")]),
    # people destroyed are people killed
    ("ru", "В результате удара по штабу уничтожено до 40 человек.", [("killed", 40)]),
    # the first counted munition after the verb in its part, whatever the parse hung it on
    ("ru", "В данный момент уничтожено и подавлено средствами радиоэлектронной борьбы 30 БПЛА.",
     [("intercepted", 30)]),
    # a damage verb said of no one says nothing of a target
    ("ru", "Бутылки чудом никого не задели.", []),
    ("uk", "Уламки нікого не зачепили.", []),
    ("ru", "Обломки не задели дом.", [("damage", "none")]),
    # a passive verb borrows no object from the verb joined to it ("цели" is the target reached)
    ("ru", "В ходе этих атак 10 ракет ATACMS были уничтожены, а три достигли цели.",
     [("intercepted", 10), ("hit", 3)]),
    # the people lost, wherever the parse hung them
    ("uk", "Ми втратили за сьогодні 137 наших героїв.", [("killed", 137)]),
    ("uk", "Ми втратили за три дні 5 танків.", []),
    ("en", "The ministry said its forces had shot down 27 drones and three missiles.",
     [("intercepted", 27), ("intercepted", 3)]),
    ("en", "The enemy launched 30 drones, of which 22 were shot down, the air force said.",
     [("launched", 30), ("intercepted", 22)]),
    ("en", "A source said that 25 drones had taken part in the attack.", [("launched", 25)]),
    ("en", "Air defences shot down five of seven cruise missiles, it said.", [("intercepted", 5), ("launched", 7)]),
    ("uk", "Сили оборони знешкодили двадцять одного дрона, повідомили в ОВА.", [("intercepted", 21)]),
    ("uk", "Постраждалих серед працівників немає.", [("injured", 0)]),
    ("uk", "Загинули троє людей, повідомили в ОВА.", [("killed", 3)]),
    ("uk", "Загинув чоловік, ще четверо людей поранені, повідомили в ОВА.", [("killed", 1), ("injured", 4)]),
    # what a strike was made with is what was launched
    ("en", "Russian forces attacked the city overnight with 15 Shahed drones, the governor said.", [("launched", 15)]),
    ("en", "Air defence downed or suppressed 35 of them, the Air Force said.", [("intercepted", 35)]),
    ("uk", "У нападі взяли участь 40 дронів, повідомили в ОВА.", [("launched", 40)]),
    # the items of a list after a colon count in the slot of the total
    ("uk", "Уночі збито 20 засобів повітряного нападу:\n🔹 4 крилаті ракети;\n🔹 16 ударних дронів.",
     [("intercepted", 20), ("intercepted", 4), ("intercepted", 16)]),
    # the process a plant or a pipeline runs is its production
    ("en", "Pumping at the station was suspended on Monday, two sources said.", [("production_disrupted", True)]),
    ("uk", "Станція зупинила перекачування нафти, сказало джерело.", [("production_disrupted", True)]),
    ("ru", "Производственный процесс не нарушен, сообщил губернатор.", [("production_disrupted", False)]),
    # things that did not suffer: no damage, not no casualties
    ("ru", "Оборудование станции не пострадало, сказал источник.", [("damage", "none")]),
    ("ru", "Никто не пострадал, сообщил губернатор.", [("injured", 0)]),
    # coordinated nouns share an existential negation
    ("ru", "Пострадавших и разрушений нет, сообщил губернатор.", [("injured", 0), ("damage", "none")]),
    ("uk", "Постраждалих і руйнувань немає, повідомили в ОВА.", [("injured", 0), ("damage", "none")]),
    # hits counted as a noun
    ("uk", "Генштаб повідомив, що на заводі зафіксовано щонайменше шість влучань.", [("hit", 6)]),
    ("en", "The army said there were at least four hits on the depot.", [("hit", 4)]),
    # a bulletin's list lines after a dash are figures by area, not signatures; the total's
    # noun the parse hung on the verb as a parataxis is still its subject
    ("ru", "За ночь дежурными средствами ПВО перехвачены и уничтожены 20 украинских беспилотных "
           "летательных аппаратов самолетного типа:\n\n12 – над территорией Курской области,\n"
           "8 – над территорией Белгородской области.", [("intercepted", 20)]),
    # a quotation resumed after its speaker: one claim with the figures of both parts
    ("en", "\"Two drones were shot down,\" the mayor said on Monday, \"and three people were injured.\"",
     [("intercepted", 2), ("injured", 3)]),
    ("fr", "« Deux drones ont été abattus », a déclaré le maire, « et trois personnes ont été blessées. »",
     [("intercepted", 2), ("injured", 3)]),
    ("ru", "«Сбиты два беспилотника», — сказал губернатор, — «и три человека ранены».",
     [("intercepted", 2), ("injured", 3)]),
    # what was tried was launched, but whether it destroyed anything is not said
    ("en", "The army tried to destroy the bridge, the governor said.", []),
    ("fr", "L'armée a tenté de détruire le pont, a déclaré le maire.", []),
    ("ru", "Противник пытался уничтожить мост, сообщил губернатор.", []),
    ("uk", "Ворог намагався знищити міст, повідомив губернатор.", []),
    ("ru", "Противник пытался атаковать город 20 беспилотниками, сообщило Минобороны.", [("launched", 20)]),
    # a negated relative clause on "those", "everyone" says who the people are, no toll;
    # on a named speaker it still reports
    ("ru", "У каждого, кто еще не погиб и не ранен, есть выбор.", []),
    ("en", "We thank those who did not stop working at the refinery.", []),
    ("fr", "Huit drones ont été abattus, a affirmé le gouverneur, qui n'a fait état ni de victimes ni de blessés.",
     [("intercepted", 8), ("killed", 0), ("injured", 0)]),
    # running tallies
    ("en", "The death toll rose to 5, the governor said.", [("killed", 5)]),
    ("ru", "Число погибших выросло до трёх. Об этом сообщил губернатор.", [("killed", 3)]),
]


# issue 11: figures as real posts and addresses give them
COUNTS += [
    ("ru", "Ночью в Раменском был сбит беспилотник.", [("intercepted", 1)]),
    ("ru", "ВСУ ударили пятью ракетами ATACMS, три ракеты были уничтожены, две — достигли цели.",
     [("launched", 5), ("intercepted", 3), ("hit", 2)]),
    ("ru", "Силами ПВО отражена атака двух беспилотников.", [("intercepted", 2)]),
    ("ru", "Россия атаковала Днепр восемью ракетами.", [("launched", 8)]),
    ("ru", "Россия поразила объекты с использованием ста ракет.", [("launched", 100)]),
    ("ru", "12 прилётов зафиксировано во время удара.", [("hit", 12)]),
    ("uk", "Три з чотирьох ракет влучили в ціль.", [("hit", 3), ("launched", 4)]),
    ("uk", "16 тисяч російських військових уже загинули.", [("killed", 16000)]),
    ("uk", "Станом на цей час – 17 поранених.", [("injured", 17)]),
    ("uk", "Загинув хлопчик 14 років.", [("killed", 1)]),
    ("ru", "ПВО уничтожила 10 БПЛА в области, пострадавших и разрушений на земле нет.",
     [("intercepted", 10), ("injured", 0), ("damage", "none")]),
    ("ru", "Беспилотники чуть не сбили самолёт.", []),
    ("ru", "Российские войска уничтожили за сутки более 250 боевиков.", []),
    ("en", "I do not know how they will explain it to the two soldiers killed and three wounded today.",
     [("killed", 2), ("injured", 3)]),
    # "N of them" + a verb: the share in the verb's slot, the whole it stands for launched
    # (issue 12's report: "щонайменше 6 з них влучили" gave hit 40)
    ("uk", "Ворог запустив 40 ударних дронів, щонайменше 6 з них влучили в ціль.", [("launched", 40), ("hit", 6)]),
    ("ru", "Противник запустил 40 беспилотников, не менее 6 из них поразили цели.", [("launched", 40), ("hit", 6)]),
    # a figure asked about or set in a condition did not happen
    ("uk", "Та що станеться, якщо цей щит зазнає критичних руйнувань?", []),
    ("en", "If ten missiles hit the plant, the city would go dark.", []),
    # "not only … but also" negates nothing: no zero toll
    ("uk", "Удар може призвести не тільки до людських жертв, а й до екологічної катастрофи.", []),
    ("ru", "Удар может привести не только к человеческим жертвам, но и к экологической катастрофе.", []),
    ("en", "The strike could cause not only human casualties but an ecological disaster.", []),
    # what is intended or threatened did not happen; a strike beside it still did
    ("uk", "Ворог не полишає наміру знищити нашу енергосистему.", []),
    ("uk", "Ракети стримують, загрожуючи ворожій території руйнуваннями.", []),
    ("ru", "Враг не оставляет намерения уничтожить энергосистему.", []),
    ("uk", "Ворог хотів знищити місто, але ми збили 10 ракет.", [("intercepted", 10)]),
    # what will happen has not happened
    ("en", "We guarantee that world security will not be completely destroyed.", []),
    ("ru", "Мост будет разрушен.", []),
    ("uk", "Міст буде зруйновано.", []),
    # not knowing the dead is no denial that there are any
    ("uk", "Ми не знаємо жертв інших міст, де тривають бої.", []),
    ("ru", "Мы не знаем жертв в других городах.", []),
    # issue 11: what ought to or could be, under a modal word, did not happen nor fail to
    ("en", "That they should not destroy the world.", []),
    ("en", "Rus would not destroy itself.", []),
    ("en", "We can't burn emotions right now.", []),
    ("uk", "Русь не знищила б себе.", []),
    ("uk", "Українці не повинні гинути.", []),
    ("ru", "Русь не разрушила бы себя.", []),
    ("fr", "Ils ne devraient pas détruire le monde.", []),
    # a negated infinitive is a purpose or a wish; "did not hit" (under "did") is a tense
    ("en", "Just so as not to burn out.", []),
    ("uk", "Щоб не допустити руйнувань.", []),
    ("ru", "Чтобы не допустить разрушений.", []),
    ("fr", "Pour ne pas détruire la ville.", []),
    ("en", "The missiles did not hit the plant.", [("hit", 0)]),
    ("en", "Three missiles could not reach their targets.", [("hit", 0)]),
    # a munition named as a role ("used as a weapon") is no count of munitions
    ("en", "Nord Stream 2 is used as a weapon.", []),
    ("en", "Russia's use of food as a weapon is a crime.", []),
]


# what a strike was made with was launched, whatever verb and noun tell it
COUNTS += [
    ("ru", "Противник нанёс удар тремя ракетами по городу.", [("launched", 3)]),
    ("ru", "Удар был нанесён двумя баллистическими ракетами.", [("launched", 2)]),
]
# a noun of a round number counts, alone when singular, after a numeral when plural
COUNTS += [
    ("en", "Two dozen drones were shot down.", [("intercepted", 24)]),
    ("en", "Dozens of people were injured.", []),
    ("en", "Several dozen people were killed and a few dozen were injured.", []),
    ("en", "About a dozen people were killed.", [("killed", 12)]),
    ("fr", "Une dizaine de drones ont été abattus.", [("intercepted", 10)]),
    ("fr", "Deux centaines de drones ont été lancés.", [("launched", 200)]),
    ("fr", "Des dizaines de personnes ont été blessées.", []),
    ("ru", "Сбит десяток беспилотников.", [("intercepted", 10)]),
    ("ru", "Ранены десятки человек.", []),
    ("uk", "Загинули два десятки людей.", [("killed", 20)]),
    ("uk", "Загинула сотня людей.", [("killed", 100)]),
]
# a figure with a case ending is the cardinal it spells ("6-ю" шестью, "3-х" трёх)
COUNTS += [
    ("ru", "ВСУ нанесли удар 6-ю баллистическими ракетами.", [("launched", 6)]),
    ("ru", "Над областью сбиты 3-х БПЛА.", [("intercepted", 3)]),
    ("uk", "Над областю збито 3-х дронів.", [("intercepted", 3)]),
]
# the munitions a strike was made with, hung by the parse on the clause's verb
COUNTS += [
    ("ru", "Два человека погибли в Курской области в результате удара ВСУ 23 ноября тремя ракетами.",
     [("launched", 3), ("killed", 2)]),
    ("ru", "Самолёт оснащён двумя ракетами.", []),
]
# a numeral right before its noun counts it, whichever noun the parser hung it on
COUNTS += [
    ("ru", "Средства ПВО сбили две британские крылатые ракеты Storm Shadow, шесть американских "
           "реактивных снарядов HIMARS и 67 беспилотников, сообщили в Минобороны.",
     [("intercepted", 2), ("intercepted", 6), ("intercepted", 67)]),
]
# what a strike is made with is in the instrumental, where the language has cases
COUNTS += [
    ("ru", "ПВО сбила по одному украинскому беспилотнику в Белгородской и Курской областях, "
           "сообщили в Минобороны.", []),
    ("ru", "Противник атаковал город пятью ракетами.", [("launched", 5)]),
]
# a Latin "ë" typed in a Cyrillic word is the Cyrillic letter
COUNTS += [
    ("ru", "Погиб маленький ребëнок.", [("killed", 1)]),
]

# official addresses (issue 11): the speaker's own tolls and what is not a toll
COUNTS += [
    # the dead a speaker mourns as lost; an army's "losses" count the wounded too, and
    # lost things count no one
    ("en", "Today we lost 82 of our heroes.", [("killed", 82)]),
    ("uk", "Сьогодні ми втратили 82 наших героїв.", [("killed", 82)]),
    ("ru", "Сегодня мы потеряли 82 наших героя.", [("killed", 82)]),
    ("fr", "Aujourd'hui, nous avons perdu 82 de nos soldats.", [("killed", 82)]),
    ("en", "We lost 100 tanks.", []),
    # verbs of killing with another sense count the dead only of people
    ("en", "The Russian military executed at least eight Ukrainians.", [("killed", 8)]),
    ("en", "Russian soldiers murdered five civilians in Bucha.", [("killed", 5)]),
    ("en", "The army executed three strikes on 12 targets.", []),
    ("uk", "Окупанти розстріляли вісьмох цивільних у Бучі.", [("killed", 8)]),
    ("uk", "Окупанти розстріляли колону з 12 автомобілів.", []),
    # "a dozen" counts; "dozens" says many
    ("en", "The strike killed at least a dozen people.", [("killed", 12)]),
    ("en", "A dozen drones were shot down overnight.", [("intercepted", 12)]),
    ("en", "The strike killed dozens of people.", []),
    ("fr", "Les soldats russes ont exécuté huit civils à Boutcha.", [("killed", 8)]),
    ("fr", "L'armée a exécuté trois frappes sur 12 cibles.", []),
    ("ru", "Военные расстреляли восемь мирных жителей.", [("killed", 8)]),
    # wounds given to people: who got them is the wound's count
    ("en", "Russian troops fired again, inflicting shrapnel wounds on two emergency service workers.",
     [("injured", 2)]),
    ("en", "The shelling caused injuries to three people.", [("injured", 3)]),
    ("ru", "Обстрел нанес ранения трем людям.", [("injured", 3)]),
    ("en", "The attack caused injuries to people in three districts.", []),
    ("ru", "Всего ВСУ потеряли около 600 человек личного состава.", []),
    # the second verb of a coordination counts its own figure
    ("uk", "У перший день російські обстріли вбили 64 цивільних і поранили 190.", [("killed", 64), ("injured", 190)]),
    # counted people after a casualty verb or with "N of our", whatever the parse made of them
    ("en", "Today 58 of our citizens died, 204 were wounded.", [("killed", 58), ("injured", 204)]),
    ("uk", "Сьогодні загинули 58 наших громадян, 204 поранені.", [("killed", 58), ("injured", 204)]),
    ("uk", "За добу загинули 12 людей, ще 40 отримали поранення.", [("killed", 12), ("injured", 40)]),
    ("uk", "Внаслідок обстрілу загинули троє людей, 11 госпіталізовані.", [("killed", 3), ("injured", 11)]),
    # nationals are people a count stands on
    ("uk", "Шестеро українців поранені, серед них троє дітей.", [("injured", 6)]),
    ("ru", "Пятеро украинцев были ранены.", [("injured", 5)]),
    # a person with an apposition between commas
    ("en", "Olena, mother of two, received shrapnel wounds.", [("injured", 1)]),
    # the dead known to be so: what is denied of them is no zero toll
    ("en", "It will not bring back our dead people.", []),
    ("en", "A regime that does not count the dead.", []),
    ("en", "Time will not heal the deep wound.", []),
    ("uk", "Ми не пробачимо жодної вбитої дитини.", []),
    ("uk", "Це не поверне наших загиблих.", []),
    ("en", "The strike did not cause any casualties.", [("killed", 0), ("injured", 0)]),
    ("en", "Russia does not care about the number of victims.", []),
    ("en", "None of the victims were soldiers.", []),
    ("uk", "Ми не залишимо поранених.", []),
    # "N of them" hung on the verb; a second munition the parse made an apposition after
    # "and"; one person the parse made an object, her age no count
    ("ru", "Силы ПВО сбили 38 из них.", [("intercepted", 38)]),
    ("uk", "Сили ППО збили 38 з них.", [("intercepted", 38)]),
    ("uk", "Росіяни випустили по Україні 8 ракет і 60 дронів.", [("launched", 8), ("launched", 60)]),
    ("uk", "Загинула 45-річна жінка.", [("killed", 1)]),
    ("uk", "Загинула жінка.", [("killed", 1)]),
    ("uk", "Загинули жінки.", []),
    # the whole first, then its part: "Из 40 дронов сбиты 35"
    ("ru", "Из 40 дронов сбиты 35.", [("intercepted", 35), ("launched", 40)]),
    ("uk", "З 40 дронів збито 35, ще 5 локаційно втрачені.", [("intercepted", 35), ("launched", 40)]),
    # the counted noun the parse hung on "всі"; "загинула людина" read as an adjective
    ("uk", "Сили ППО збили всі 15 ракет.", [("intercepted", 15)]),
    ("uk", "Росіяни вдарили по Сумах: загинула людина, ще троє поранені.", [("killed", 1), ("injured", 3)]),
    # a duration or a vague "thousands" counts no one; "not less than" bounds, it does not deny
    ("uk", "За три тижні загинули тисячі українців.", []),
    ("ru", "За три недели погибли тысячи украинцев.", []),
    ("ru", "Погибли две тысячи человек.", [("killed", 2000)]),
    ("uk", "Не менше 30 загиблих.", [("killed", 30)]),
    ("uk", "Не було загиблих.", [("killed", 0)]),
    # a number and a munition right after the verb, whatever the parse made of the rest
    ("uk", "Сьогодні вони запустили три ракети проти України.", [("launched", 3)]),
    # an order is not what happened
    ("en", "Tear down this wall!", []),
    ("uk", "Зруйнуйте цю стіну!", []),
    ("uk", "Ракета зруйнувала будинок.", [("damage", "significant")]),
    # lives taken count the dead
    ("en", "The strike claimed the lives of 52 people.", [("killed", 52)]),
    ("en", "The attack took 12 lives.", [("killed", 12)]),
    ("fr", "La frappe a coûté la vie à 52 personnes.", [("killed", 52)]),
    ("ru", "Ракетный удар унес жизни 52 человек.", [("killed", 52)]),
    ("uk", "Ракетний удар забрав життя 52 людей.", [("killed", 52)]),
    # a negated relative clause says which place it is, no toll of zero; on a munition it still counts
    ("en", "Any other city suits us in a country from whose territory missiles are not launched.", []),
    ("en", "The missiles were not intercepted.", [("intercepted", 0)]),
    # "none" is said of what it governs, not of the clause after the comma
    ("ru", "Погибших нет, повреждены два частных дома и автомобиль.", [("killed", 0), ("damage", "some")]),
    ("uk", "Загиблих немає, пошкоджено два будинки.", [("killed", 0), ("damage", "some")]),
    ("ru", "Пострадавших и разрушений нет.", [("injured", 0), ("damage", "none")]),
    # destroyed drones are intercepted, by whichever of two joined verbs the parse hung them on
    ("ru", "Дежурными средствами ПВО перехвачены и уничтожены 30 украинских беспилотных летательных аппаратов: "
           "12 — над территорией Брянской области, 10 — над Курской, 8 — над Белгородской.", [("intercepted", 30)]),
    # "nobody" counts zero; "among the injured" names some of them, not the toll
    ("en", "Nobody was hurt.", [("injured", 0)]),
    ("en", "Two children were among the injured.", []),
    ("ru", "Среди пострадавших двое детей.", []),
    ("fr", "Deux enfants figurent parmi les blessés.", []),
    ("ru", "Пострадали пять человек, среди них двое детей.", [("injured", 5)]),
    # a place the tagger named a person is no one killed; "тисячі" alone is no number
    ("uk", "У Маріуполі загинуло багато людей.", []),
    ("uk", "Загинули тисячі людей.", []),
    # "no other injuries": none besides the victims named, no toll of zero
    ("uk", "Інших постраждалих немає.", []),
    ("ru", "Других пострадавших нет.", []),
    ("en", "No other injuries were reported.", []),
    ("fr", "Il n'y a pas d'autres blessés.", []),
    ("uk", "Постраждалих немає.", [("injured", 0)]),
    # the speaker's own state is no toll
    ("ru", "Я не ранен, я жив.", []),
    ("en", "I am alive and not wounded.", []),
    ("ru", "Солдат не был ранен.", [("injured", 0)]),
    # a habit or a policy in the present tense is no strike's toll
    ("en", "Our rockets do not hit civilian homes in response.", []),
    ("uk", "Наші ракети не влучають у цивільні будинки.", []),
    ("en", "The drones have not hit the plant.", [("hit", 0)]),
    # a way of life, a country or people destroyed is no damage to a target
    ("en", "The war destroyed our lives.", []),
    ("en", "This decision destroyed Europe.", []),
    ("en", "Russia is destroying European democracies.", []),
    ("uk", "Війна зруйнувала наше життя.", []),
    ("uk", "Окупанти знищили нашу свободу.", []),
    ("ru", "Война разрушила нашу жизнь.", []),
    ("fr", "La guerre a détruit nos vies.", []),
    # a figure of another war, or of a year long before the document's, is history
    ("en", "250 soldiers who died on the fronts of World War II are buried here.", []),
    ("ru", "В годы Великой Отечественной войны погибли 8 миллионов украинцев.", []),
    ("uk", "Під час Другої світової війни загинули 8 мільйонів українців.", []),
    ("uk", "Там поховані понад сто тисяч жертв Голокосту.", []),
    ("en", "A third world war is coming, and 5 people were killed today.", [("killed", 5)]),
    ("ru", "Сбито 1941 беспилотник.", [("intercepted", 1941)]),
    # a half of a numeral
    ("en", "The SS burned half a thousand women and children alive.", [("killed", 500)]),
    ("ru", "Погибли полтысячи человек.", [("killed", 500)]),
    ("en", "Four and a half thousand Russian soldiers have already been killed.", [("killed", 4500)]),
    ("ru", "Погибли четыре с половиной тысячи человек.", [("killed", 4500)]),
    # armed forces destroyed are people, no target hit
    ("en", "Our defenders destroyed the enemy near Kyiv.", []),
    ("en", "Ukrainian troops were destroyed near Bakhmut.", []),
    ("uk", "Наші воїни знищили ворога під Києвом.", []),
    ("fr", "Les troupes russes ont été détruites près de Kharkiv.", []),
    ("uk", "Знищено склад противника.", [("damage", "significant")]),
    ("uk", "Ми відновимо все, що зруйнували російські окупанти.", [("damage", "significant")]),  # who destroyed
    # the enemy's dead are combat losses, not a strike's toll; the dead they made are
    ("uk", "Майже 9200 вбитих окупантів.", []),
    ("ru", "ВСУ уничтожили за сутки более 250 боевиков.", []),
    ("en", "More than 200 occupiers were killed.", []),
    ("en", "The invaders killed 5 civilians in Bucha.", [("killed", 5)]),
    ("uk", "Загинули 5 військовослужбовців.", [("killed", 5)]),
    # work stopped in a whole country is a market left, not a plant stopped
    ("uk", "Сотні міжнародних компаній припиняють діяльність в РФ, зачиняють виробництва.", []),
    ("en", "Hundreds of international companies are suspending operations in Russia.", []),
    ("ru", "Завод в Брянской области приостановил работу.", [("production_disrupted", True)]),
    ("en", "Lukoil's Volgograd oil refinery in southern Russia halted crude processing on Tuesday.",
     [("production_disrupted", True)]),
    # a target destroyed is significant damage (ANNOTATION.md: "destroyed / heavily damaged")
    ("en", "The shelling destroyed the school.", [("damage", "significant")]),
    ("ru", "Дом разрушен.", [("damage", "significant")]),
    ("ru", "Разрушений нет.", [("damage", "none")]),
    ("ru", "Дом поврежден.", [("damage", "some")]),
    # an adverb of degree right before the damage word, whatever the parse made of it
    ("uk", "Понад 80% будинків села повністю зруйновані російськими обстрілами.", [("damage", "significant")]),
    # animals killed are no toll of people
    ("ru", "В приюте семь собак погибли.", []),
    ("uk", "Загинули сім собак.", []),
    ("en", "Seven dogs were killed in the strike.", []),
    ("fr", "Sept chiens ont été tués.", []),
    ("ru", "Погибли семь человек.", [("killed", 7)]),
    # no information about damage and victims is neither none nor a toll
    ("ru", "На этот момент информации о разрушениях и жертвах нет.", []),
    ("ru", "Разрушений и жертв нет.", [("killed", 0), ("damage", "none")]),
    # an amount of people killed is people, not things
    ("ru", "Армия признала, что десятки ее солдат были убиты в результате атаки.", []),
    # the "none" of one clause does not reach across the comma into the next
    ("ru", "Жертв и пострадавших нет, пожар потушили.", [("killed", 0), ("injured", 0), ("damage", "some")]),
    # a time between the verb and its count, whatever the parse hung the count on
    ("ru", "Средства ПВО сбили за неделю 10 ракет ATACMS.", [("intercepted", 10)]),
    ("uk", "ППО збила за тиждень 12 ракет.", [("intercepted", 12)]),
    # a bare count of the munitions destroyed is no damage
    ("ru", "За ночь уничтожено и перехвачено 34 БПЛА, из них над Курской областью уничтожено 27.", [("intercepted", 34)]),
    ("en", "One of the process units had been damaged.", [("damage", "some")]),
    # a figure asked about, inside a quotation of several sentences, is no fact; one stated beside it is
    ("ru", '"Вопрос: какая из стран НАТО готова отбить нападение двух тысяч целей? Я не могу назвать сумму", '
           '- сказал Залужный.', []),
    ("ru", '"Сбито 20 ракет. Что будет дальше?", - сказал Залужный.', [("intercepted", 20)]),
    # "among the dead": some of them, not the toll
    ("ru", "Среди погибших — двое подростков.", []),
    ("uk", "Серед загиблих — двоє підлітків.", []),
    # "…, all of which were shot down": the launch counted before, every one
    ("en", "The air force said Russia launched 20 drones overnight, all of which were shot down.",
     [("launched", 20), ("intercepted", 20), ("hit", 0)]),
    ("ru", "Воздушные силы сообщили, что Россия запустила 20 дронов, все они были сбиты.",
     [("launched", 20), ("intercepted", 20), ("hit", 0)]),
    ("fr", "L'armée de l'air a indiqué que la Russie avait lancé 20 drones, qui ont tous été abattus.",
     [("launched", 20), ("intercepted", 20), ("hit", 0)]),
]

# a sentence of a counted munition and no verb counts the munitions of the sentence before
PASSAGES = [
    ("en", "Russian missiles flew at the port this morning. Seven missiles.", [("launched", 7)]),
    ("uk", "Вранці на порт полетіли російські ракети. Сім ракет.", [("launched", 7)]),
    ("ru", "Утром на порт полетели российские ракеты. Семь ракет.", [("launched", 7)]),
    ("fr", "Ce matin, les Russes ont tiré des missiles sur le port. Sept missiles.", [("launched", 7)]),
    ("en", "We need air defence. Seven missiles.", []),
    # a bare number after an interception verb counts what was launched before it
    ("uk", "Загалом ворог випустив 45 ударних БпЛА. Збито 38.", [("launched", 45), ("intercepted", 38)]),
    ("ru", "Всего противник запустил 45 беспилотников. Сбито 38.", [("launched", 45), ("intercepted", 38)]),
    ("uk", "Ворог випустив 45 дронів, збито 38.", [("launched", 45), ("intercepted", 38)]),
    ("uk", "Збито 38.", []),
    # a bare count opening a sentence counts the munitions of the sentence before
    ("en", "Eleven missiles were launched at the city. Four hit their targets.", [("launched", 11), ("hit", 4)]),
    ("uk", "По місту випустили одинадцять ракет. Чотири влучили в ціль.", [("launched", 11), ("hit", 4)]),
    ("ru", "По городу выпустили одиннадцать ракет. Четыре попали в цель.", [("launched", 11), ("hit", 4)]),
    ("fr", "Onze missiles ont été tirés sur la ville. Quatre ont atteint leur cible.", [("launched", 11), ("hit", 4)]),
    # "all of them were shot down": every one of the munitions the last launch counted, none hit
    ("en", "Russia launched 20 drones overnight. All of them were shot down.",
     [("launched", 20), ("intercepted", 20), ("hit", 0)]),
    ("ru", "Шесть БПЛА попытались атаковать нефтебазу. Все беспилотники были уничтожены в воздухе.",
     [("launched", 6), ("hit", 0), ("intercepted", 6)]),
    # the group named again with no count of its own is all of it (that none hit is not said)
    ("ru", "Три украинских дрона атаковали аэродром. Дроны были сбиты.", [("launched", 3), ("intercepted", 3)]),
    # with no launch counted before, "all were shot down" says only that none hit
    ("ru", "Все беспилотники были уничтожены в воздухе.", [("hit", 0)]),
    ("en", "Some drones were shot down. Others hit the port.", []),
    # a Ukrainian passive participle heading its sentence is its predicate ("збиті": shot down)
    ("uk", "Сьогодні вночі окупанти атакували Київ 14 ракетами. Усі ракети збиті.",
     [("launched", 14), ("intercepted", 14), ("hit", 0)]),
    # a fragment that goes on from the sentence before is set in that sentence's time
    ("en", "We will never forget what our ancestors did in World War II. Where more than eight million "
           "Ukrainians died.", []),
    ("uk", "Ми ніколи не забудемо Другої світової війни. Де загинули понад вісім мільйонів українців.", []),
    ("en", "The missiles hit Kharkiv. Where five people died.", [("killed", 5)]),
    ("en", "The shelling went on for hours. When the missiles hit, five people died.", [("killed", 5)]),
    # the enemy's combat losses are no strike's toll, however their noun is hung or named
    ("uk", "Було знищено близько 50 осіб противника.", []),
    ("en", "About 50 enemy soldiers were killed.", []),
    ("en", "Five civilians were killed by enemy shelling.", [("killed", 5)]),
    # a numeral standing for its noun is the verb's object ("32" on "вдалося" in the parse)
    ("uk", "Ворог випустив 40 ракет. Нашим воїнам ППО вдалося збити 32 з них.",
     [("launched", 40), ("intercepted", 32)]),
    # a bare number after a comma goes on counting what another outcome counted
    ("uk", "Вранці росіяни випустили по Одесі чотири ракети. Дві з них збила наша ППО, ще дві влучили "
           "в житловий будинок.", [("launched", 4), ("intercepted", 2), ("hit", 2)]),
]

COUNTS += [
    # one person named by a noun the tagger knows as animate, and persons joined by "и" one each
    ("ru", "В результате атаки дрона погибла редактор районной газеты Юлия Кузнецова.", [("killed", 1)]),
    ("ru", "При ударе дрона ранения получили оператор газеты и участковый уполномоченный полиции.", [("injured", 2)]),
    # what a comma adds after the person is not between the person and the wound
    ("ru", "В результате осколочное ранение получил водитель грузовика, остановившийся на трассе.", [("injured", 1)]),
    # a noun of the act counts the munitions that complete it
    ("ru", "В Минобороны заявили об уничтожении 15 украинских дронов над Брянской областью.", [("intercepted", 15)]),
    ("uk", "У Міноборони заявили про знищення 15 дронів.", [("intercepted", 15)]),
    ("en", "The ministry reported the interception of 15 drones.", [("intercepted", 15)]),
    ("fr", "Le ministère a annoncé l'interception de 15 drones.", [("intercepted", 15)]),
    # a fire that "broke out" (s'est déclaré) is no one's declaration
    ("fr", "Un incendie s'est déclaré dans une raffinerie après une attaque de drones.", [("damage", "some")]),
    # a number of dead not known is no toll of zero; opening fire is shooting, not a fire
    ("uk", "Кількість загиблих ми досі не можемо встановити.", []),
    ("ru", "Число погибших пока не уточняется.", []),
    ("en", "They opened fire on cars with children inside.", []),
    # nor are artillery fire, a cease-fire, coming under fire, or a verb that fires
    ("en", "Massive missile and artillery fire on the cities continued.", []),
    ("en", "A cease-fire was announced for the evacuation of civilians.", []),
    ("en", "The base came under mortar fire at dawn.", []),
    ("en", "Small-arms fire and machine-gun fire went on all night.", []),
    ("en", "The official was fired last week.", []),
    ("en", "A fire broke out at the depot.", [("damage", "some")]),
    ("ru", "Военные открыли огонь по автомобилю.", []),
    # a relative clause that denies damage says what a building is, not this strike's toll
    ("en", "In the cathedral, which was not destroyed by the Horde invasion, people prayed.", []),
    ("ru", "Собор, который не был разрушен во время войны, снова открыт.", []),
    ("ru", "Здание не было разрушено.", [("damage", "none")]),
    # damage a verb causes, the verb under a word of attempt: tried, not done
    ("en", "Russia tried to cause damage to the grid.", []),
    ("ru", "Россия пыталась нанести ущерб энергосистеме.", []),
    ("ru", "Удар нанес ущерб энергосистеме.", [("damage", "some")]),
    # the count of an attack's munitions in brackets
    ("ru", "Воздушные силы ВСУ заявили о рекордной атаке российских дронов (188 беспилотников).", [("launched", 188)]),
    ("en", "The air force reported a record attack (188 drones) overnight.", [("launched", 188)]),
    # words after an opening phrase's comma belong to the clause after it
    ("uk", "За попередніми даними, постраждалих немає.", [("injured", 0)]),
    # an animal is no person
    ("ru", "В результате атаки пострадала собака.", []),
    # a bare count after "of them" counts the launch of the clause it is joined to
    ("uk", "Ворог випустив 50 ракет, з них знищено 40.", [("launched", 50), ("intercepted", 40)]),
    ("ru", "Враг выпустил 50 ракет, из них уничтожено 40.", [("launched", 50), ("intercepted", 40)]),
    # a second count joined to a word of the first's phrase, or after a conjunction the parse lost
    ("ru", "Враг выпустил 50 ракет разных типов и 80 шахедов.", [("launched", 50), ("launched", 80)]),
    ("uk", "Ворог випустив 50 ракет та 80 шахедів.", [("launched", 50), ("launched", 80)]),
    ("en", "Russia launched 50 missiles of various types and 80 Shaheds.", [("launched", 50), ("launched", 80)]),
    # "all" on the count, or a subject of its own right before the counted noun
    ("uk", "Усі 14 ракет збито силами ППО.", [("intercepted", 14), ("hit", 0)]),
    ("ru", "Все 14 ракет сбиты средствами ПВО.", [("intercepted", 14), ("hit", 0)]),
    ("en", "All 14 missiles were shot down by air defence.", [("intercepted", 14), ("hit", 0)]),
    # an infinitive a noun governs is an aim, not what was done; one a verb governs is done
    ("en", "Russia has one target: to destroy Ukraine.", []),
    ("ru", "Задача — уничтожить 20 дронов.", []),
    ("en", "Air defence managed to shoot down 20 drones.", [("intercepted", 20)]),
    ("ru", "Силам ПВО удалось уничтожить 20 беспилотников.", [("intercepted", 20)]),
    # lives taken, the people a second object of the verb; a verb the dictionary first reads as a noun
    ("uk", "Удар по Кременчуку забрав життя 18 людей.", [("killed", 18)]),
    ("uk", "Ця атака забрала життя трьох дітей.", [("killed", 3)]),
    # one person, the nominative the parse made a complement of the verb
    ("uk", "На Харківщині ворожий дрон атакував автомобіль, загинув водій.", [("killed", 1)]),
    # a bare figure closing its part of the sentence after a casualty word, however parsed
    ("uk", "Загинули 11 людей, серед них троє дітей, поранено 60.", [("killed", 11), ("injured", 60)]),
    ("uk", "Загинув 24 лютого.", []),
    # a preposition bounding a count ("понад": more than), which the parse made the noun's head
    ("uk", "Окупанти випустили по Харкову понад 30 ракет.", [("launched", 30)]),
    ("uk", "Знищено понад 60 ракет.", [("intercepted", 60)]),
    ("ru", "Оккупанты выпустили по Харькову более 30 ракет.", [("launched", 30)]),
    # a clause after a comma: a bare number goes on counting what was counted before it
    ("uk", "Сили ППО збили 12 ракет, ще дві влучили в будинок.", [("intercepted", 12), ("hit", 2)]),
    ("uk", "Сили ППО збили 12 ракет, а дві влучили в будинок.", [("intercepted", 12), ("hit", 2)]),
    ("ru", "ПВО сбила 12 ракет, ещё две попали в дом.", [("intercepted", 12), ("hit", 2)]),
    ("en", "Air defence shot down 12 missiles, two more hit a house.", [("intercepted", 12), ("hit", 2)]),
    # the thing that kills is the subject, the people it killed the object: a toll, not damage
    ("ru", "Российские бомбы убили 47 человек в Чернигове.", [("killed", 47)]),
    ("uk", "Тільки за вчорашній день у Чернігові російські бомби вбили 47 людей.", [("killed", 47)]),
    ("uk", "За даними Запорізької ОВА, унаслідок атаки загинули четверо людей, ще 18 поранені.",
     [("killed", 4), ("injured", 18)]),
    ("ru", "Жилые дома не пострадали.", [("damage", "none")]),
    # a body of people is people: no one hurt, not nothing damaged
    ("uk", "Персонал не постраждав.", [("injured", 0)]),
    ("ru", "Персонал не пострадал.", [("injured", 0)]),
    ("en", "No staff were injured.", [("injured", 0)]),
    ("uk", "Внаслідок вибухів щонайменше 53 полонених загинуло та 130 отримали поранення.",
     [("killed", 53), ("injured", 130)]),
    # "all" on a count written as a word; a count beside an aircraft, which is no munition
    ("ru", "Все десять дронов сбил зенитно-ракетный комплекс «Панцирь».", [("intercepted", 10), ("hit", 0)]),
    ("ru", "Сбиты два украинских штурмовика Су-25 и 15 беспилотников.", [("intercepted", 15)]),
    # a bulletin's "выпуск" (an issue, also output) hung on the verb through another verb stops no plant
    ("ru", "Смотрите в этом выпуске: все попытки националистов атаковать на Запорожском направлении "
           "остановлены.", []),
    ("ru", "Производство на предприятии, которое атаковали дроны, приостановлено.", [("production_disrupted", True)]),
    # a day of the month is no count, however the parse hung it
    ("uk", "4 травня доброволець загинув.", []),
    ("ru", "12 марта погибли 3 человека.", [("killed", 3)]),
    # munitions a destroyed building held are not what was destroyed: damage, no interception
    ("ru", "Авиация уничтожила ангары с ударными беспилотниками на аэродроме.", [("damage", "significant")]),
]


@pytest.mark.parametrize("lang,text,facts", PASSAGES, ids=[f"{c[0]}:{c[1][:30]}" for c in PASSAGES])
def test_counts_of_a_passage(lang, text, facts):
    claims = analyze_documents([Document(id="d", text=text, lang=lang)], analysis=EVERYTHING).claims
    assert [(f.slot, f.value) for c in claims for f in c.facts if f.slot in SCORED] == facts


@pytest.mark.parametrize("lang,text,facts", COUNTS, ids=[f"{c[0]}:{c[1][:30]}" for c in COUNTS])
def test_counts(lang, text, facts):
    claims = analyze_documents([Document(id="d", text=text, lang=lang)], analysis=EVERYTHING).claims
    claims = [c for c in claims if c.attributed] or claims
    assert len(claims) == 1, [(c.path, c.text) for c in claims]
    assert [(f.slot, f.value) for f in claims[0].facts if f.slot in SCORED] == facts


def test_a_year_long_before_the_document_sets_its_figures_in_history():
    text = "In 1941, 500 people were killed in Kyiv."
    def killed(published):
        claims = analyze_documents([Document(id="d", text=text, lang="en", published=published)],
                                   analysis=EVERYTHING).claims
        return [f.value for c in claims for f in c.facts if f.slot == "killed"]
    assert killed("2022-03-01T10:00:00+00:00") == []
    assert killed("1941-09-30T10:00:00+00:00") == [500]  # a report of its own time


def test_a_count_after_a_total_and_a_colon_is_its_part():
    """ "47 drones: 29 over one region, 10 over another": the ten give no fact, so the
    parts do not add up; the 29 after the colon is still a part of the 47."""
    text = "ПВО за ночь уничтожила и перехватила 47 БПЛА над российскими регионами: 29 уничтожены над " \
           "Ростовской областью, 10 — над Курской."
    claim, = analyze_documents([Document(id="d", text=text, lang="ru")], analysis=EVERYTHING).claims
    assert [(f.value, f.scope) for f in claim.facts if f.slot == "intercepted"] == [(47, None), (29, "part")]


@pytest.mark.parametrize("lang,text", [
    ("ru", "Средства ПВО за ночь уничтожили 15 беспилотников над регионами, сообщает Минобороны.\n\n"
           "Восемь БПЛА уничтожены над Курской областью, четыре — над Брянской, два — над Крымом и один — над Белгородской областью."),
    ("ru", "Минобороны сообщило, что за ночь уничтожили 29 беспилотников.\n\n"
           "Над Брянской областью было перехвачено и уничтожено 20 беспилотников, над Калужской — семь."),
    ("en", "Russia said it downed 30 drones overnight. Twenty were shot down over Kursk region, ten - over Belgorod region."),
])
def test_a_breakdown_by_region_after_a_total_is_its_share(lang, text):
    """The first count of a sentence that goes on "…, четыре — над Брянской" is one
    region's share of the total given before: scoped, the total stays the figure."""
    claims = analyze_documents([Document(id="d", text=text, lang=lang)], analysis=EVERYTHING).claims
    counts = [(f.value, bool(f.scope)) for c in claims for f in c.facts if f.slot == "intercepted"]
    assert counts[0][1] is False and all(scoped for _, scoped in counts[1:]) and len(counts) == 2


def test_a_breakdown_by_region_with_no_total_before_stays_a_count():
    text = "Над Брянской областью было перехвачено и уничтожено 20 беспилотников, над Калужской — семь."
    claims = analyze_documents([Document(id="d", text=text, lang="ru")], analysis=EVERYTHING).claims
    assert [(f.value, f.scope) for c in claims for f in c.facts if f.slot == "intercepted"] == [(20, None)]


def test_a_total_and_its_parts():
    """ "25 drones: 14 over one region, 6 over another …": the parts are the total's,
    each with its scope; only the total is the statement's figure."""
    text = "Уночі збито 20 засобів повітряного нападу:\n🔹 4 крилаті ракети;\n🔹 16 ударних дронів."
    claim, = analyze_documents([Document(id="d", text=text, lang="uk")], analysis=EVERYTHING).claims
    counts = {f.value: f.scope for f in claim.facts if f.slot == "intercepted"}
    assert counts == {20: None, 4: "крилаті ракети", 16: "ударних дронів"}


def test_according_to_the_publisher_itself_is_its_own_voice():
    """ "По информации SHOT" in SHOT's own post is the channel's voice; another outlet
    named so is a source."""
    texts = {"own": "По информации SHOT, чиновник находился в Кременной.",
             "other": "По информации Mash, чиновник находился в Кременной.",
             # the channel telling of its own story now; what it reported before is a source
             "telling": "SHOT рассказывает о новых наёмниках в зоне боёв.",
             "earlier": "SHOT сообщал, что чиновник находился в Кременной."}
    ledger = analyze_documents([Document(id=key, text=text, lang="ru", publisher="SHOT")
                                for key, text in texts.items()], analysis=EVERYTHING)
    assert {c.doc: (c.attributed, c.source.name) for c in ledger.claims} == {
        "own": (False, "SHOT"), "other": (True, "Mash"), "telling": (False, "SHOT"), "earlier": (True, "SHOT")}


@pytest.mark.parametrize("lang,text", [
    ("ru", "По словам губернатора, госпитализированы девять человек, всего медики оказали помощь 13 пострадавшим."),
    ("ru", "Всего пострадали 13 человек, из них девять госпитализированы."),
    ("en", "Nine people were hospitalized; in total 13 were hurt, the governor said."),
])
def test_a_toll_and_its_part(lang, text):
    """Of two tolls of one slot, the one "in total" opens is the statement's, the one
    "of them" opens (or the smaller beside a total) is a part of it, with a scope."""
    claims = analyze_documents([Document(id="d", text=text, lang=lang)], analysis=EVERYTHING).claims
    tolls = {(f.value, f.scope) for c in claims for f in c.facts if f.slot == "injured"}
    assert tolls == {(13, None), (9, "part")}


def test_a_statement_cut_before_another_speakers_clause_ends_without_the_coordinator():
    text = "The army said it had struck a depot and the governor said two workers were wounded."
    claims = analyze_documents([Document(id="d", text=text, lang="en")], analysis=EVERYTHING).claims
    assert [c.text for c in claims if c.attributed] == ["it had struck a depot", "two workers were wounded"]


@pytest.mark.parametrize("publisher,attributed", [
    ("Office of the President of Ukraine", False),  # an office of state: what the meeting did
    ("Reuters", True),  # a newspaper: what was said, as PolNeAR's annotators read it
    (None, True),
])
def test_a_request_or_a_promise_an_office_reports_is_an_act(publisher, attributed):
    """ "X promised to …", "urged partners to …" in an official release report an act; the
    sentence is the office's own; in news it stays what X said."""
    text = ("Emmanuel Macron promised to take the issue up with the Kiev leadership. "
            "The Prime Minister urged partners to send more air defence systems. "
            "The President called on the partners not to give in to the aggressor's blackmail. "
            "The Adviser called for much tougher sanctions on Russia.")
    claims = analyze_documents([Document(id="d", text=text, lang="en", publisher=publisher)],
                               analysis=EVERYTHING).claims
    assert [c.attributed for c in claims] == [attributed] * 4
    if not attributed:
        assert {c.source.name for c in claims} == {publisher}


@pytest.mark.parametrize("publisher,speaker", [
    # an office of state's readers know who "he" is, however far back he was named
    ("Office of the President of Ukraine", "he (President Volodymyr Zelenskyy)"),
    # a newspaper's pronoun named two sentences back is named as written (PolNeAR's convention)
    ("New York Times", "he"),
])
def test_an_office_names_whom_a_pronoun_stands_for(publisher, speaker):
    text = ("President Volodymyr Zelenskyy also noted that Kharkiv and Kyiv are now the most important "
            "targets for Russia. Its terror is aimed at breaking us. "
            '"They are heading to our capital, as well as to Kharkiv," he said.')
    claims = analyze_documents([Document(id="d", text=text, lang="en", publisher=publisher)],
                               analysis=EVERYTHING).claims
    last = [c for c in claims if c.attributed][-1]
    assert (last.source.name, last.source.refers_to) == (speaker, "President Volodymyr Zelenskyy")


def test_an_office_still_reports_what_its_guests_said():
    text = "Emmanuel Macron said that the strike on the station was a war crime."
    claim, = analyze_documents([Document(id="d", text=text, lang="en",
                                         publisher="Office of the President of Ukraine")], analysis=EVERYTHING).claims
    assert (claim.attributed, claim.source.name, claim.text) == (
        True, "Emmanuel Macron", "the strike on the station was a war crime")


@pytest.mark.parametrize("lang,publisher,text,speaker,intercepted", [
    # a perfect infinitive tells what was done: a claim, whoever publishes it
    ("en", "Reuters", "The Russian Defence Ministry claimed to have shot down 12 Ukrainian drones over Belgorod.",
     "Russian Defence Ministry", 12),
    ("en", "General Staff of the Armed Forces of Ukraine",
     "The Russian Defence Ministry claimed to have shot down 12 Ukrainian drones over Belgorod.",
     "Russian Defence Ministry", 12),
    ("fr", "Ministère des Armées", "Moscou dit avoir intercepté 12 drones ukrainiens au-dessus de Belgorod.",
     "Moscou", 12),
])
def test_a_claim_of_what_was_done_is_no_intention(lang, publisher, text, speaker, intercepted):
    """ "claimed to have shot down" is no purport ("claims to restore") and no request or
    promise: the speaker's figure stays the speaker's, in an office's text too."""
    claim, = analyze_documents([Document(id="d", text=text, lang=lang, publisher=publisher)],
                               analysis=EVERYTHING).claims
    assert (claim.attributed, claim.source.name) == (True, speaker)
    assert [f.value for f in claim.facts if f.slot == "intercepted"] == [intercepted]


def test_a_french_statement_in_the_infinitive_stays_a_claim_in_an_offices_text():
    """French states with a cue's infinitive ("affirme contrôler le village"): no act."""
    text = "Moscou affirme contrôler le village de Robotyne."
    claim, = analyze_documents([Document(id="d", text=text, lang="fr", publisher="Ministère des Armées")],
                               analysis=EVERYTHING).claims
    assert (claim.attributed, claim.source.name) == (True, "Moscou")


@pytest.mark.parametrize("lang,text,speakers", [
    ("en", "President of Ukraine Volodymyr Zelenskyy met Prime Minister of the Portuguese Republic António Costa "
           "in Kyiv. The Head of State noted that this was the first visit of the Prime Minister. "
           "He called it symbolic that the visit fell on Europe Day.",
     ["The Head of State (President of Ukraine Volodymyr Zelenskyy)", "He (President of Ukraine Volodymyr Zelenskyy)"]),
    ("en", "Kremlin spokesman Dmitry Peskov spoke to reporters on Monday. The spokesman said that the talks had stalled.",
     ["The spokesman (Kremlin spokesman Dmitry Peskov)"]),
    ("fr", "Le président Emmanuel Macron a reçu mardi le Premier ministre ukrainien à l'Élysée. "
           "Le chef de l'État a déclaré que la France livrerait de nouveaux missiles.",
     ["Le chef de l'État (président Emmanuel Macron)"]),
    ("uk", "Президент України Володимир Зеленський провів зустріч з Прем'єр-міністром Португалії Антоніу Коштою. "
           "Глава держави зазначив, що це перший візит.",
     ["Глава держави (Президент України Володимир Зеленський)"]),
])
def test_a_title_alone_stands_for_the_person_the_text_named_with_it(lang, text, speakers):
    """ "The Head of State noted …" after "President … Zelenskyy met …": the person the text
    named with the title (or with another title of the office: ``anaphors.titles``), though
    that person said nothing before; a later "he" stands for the person too."""
    claims = analyze_documents([Document(id="d", text=text, lang=lang)], analysis=EVERYTHING).claims
    assert [c.source.name for c in claims if c.attributed] == speakers


@pytest.mark.parametrize("lang,text,speaker", [
    # two presidents named: "the President" could be either
    ("en", "President Joe Biden met President Volodymyr Zelenskyy in Washington. "
           "The President said that more air defence would be sent.", "President"),
    ("ru", "Президент России Владимир Путин провёл телефонный разговор с Президентом Франции Эммануэлем Макроном. "
           "Глава государства отметил, что удары наносятся только по военным объектам.", "Глава государства"),
    # "a minister": some minister, not the one just named
    ("en", "Defence Minister Oleksii Reznikov visited Kharkiv on Monday. "
           "A minister said that the shelter was full.", "minister"),
])
def test_a_title_stays_as_written_where_the_text_named_no_one_person_with_it(lang, text, speaker):
    claim, = [c for c in analyze_documents([Document(id="d", text=text, lang=lang)], analysis=EVERYTHING).claims
              if c.attributed]
    assert claim.source.name == speaker
