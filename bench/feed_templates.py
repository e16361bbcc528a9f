"""The off-topic articles of ``feed.py``'s generated day: paragraph templates per
language and topic, and the words that fill their slots.

Three kinds per topic and language:

- ``plain``: what a newsroom writes about politics, sport, the economy, culture, the
  weather, technology, health, with no word of a strike;
- ``everyday``: words the topic test knows in another sense -- an attack in a match,
  a fire in a kitchen, an army of fans, a price war, citizens, peace talks -- one
  category of ``topic.yaml`` at a time, as such a text usually has;
- ``near``: near-misses a reader would also leave aside but that name a deciding word
  (a delivery drone, a rocket launch, fireworks, an air show): the gate may keep
  them, and ``feed.py`` reports how often it does.

Slots: {city} {name} {name2} {team} {team2} {company} {n} {m} {pct} {day} {title}.
"""

from __future__ import annotations

TOPICS = ("politics", "sport", "economy", "culture", "weather", "technology", "health")

FILLERS = {
    "en": {
        "city": ["Leeds", "Lyon", "Toronto", "Denver", "Porto", "Glasgow", "Austin", "Dublin", "Bristol", "Perth"],
        "name": ["Sarah Collins", "James Whitaker", "Priya Nair", "Tom Baxter", "Elena Ruiz", "David Okafor",
                 "Hannah Weiss", "Mark Ellison", "Laura Chen", "Peter Novak"],
        "team": ["Riverside United", "Northfield Rovers", "Kingsbridge City", "Harbour Athletic", "Westvale FC",
                 "Ashford Town", "Millbrook Wanderers", "Eastgate Albion"],
        "company": ["Norbridge Energy", "Calloway Foods", "Brightwave Telecom", "Helix Pharma", "Sterling Motors",
                    "Quayside Bank", "Oakline Retail", "Vantage Software"],
        "title": ["The Quiet Harbour", "Summer of Glass", "A Long Way North", "The Last Orchard", "Paper Lanterns",
                  "The Salt Road", "Night Trains", "Small Mercies"],
        "day": ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "at the weekend"],
    },
    "fr": {
        "city": ["Nantes", "Grenoble", "Lille", "Rennes", "Dijon", "Montpellier", "Tours", "Angers", "Metz", "Brest"],
        "name": ["Claire Dubois", "Julien Moreau", "Sophie Laurent", "Marc Lefèvre", "Amélie Girard", "Thomas Roux",
                 "Nadia Benali", "Pierre Fontaine", "Camille Mercier", "Louis Garnier"],
        "team": ["l'Olympique de Rivebelle", "le Stade Montclair", "l'AS Valfleury", "le FC Bellerive",
                 "le Racing Club de Sorgues", "l'US Castelnau"],
        "company": ["Valmont Énergie", "Maison Ferrand", "Télécom Armor", "Laboratoires Solis", "Automobiles Deval",
                    "Banque du Lac", "Groupe Lorient Distribution", "Logiciels Orphée"],
        "title": ["Le Port tranquille", "Un été de verre", "La Dernière Vigne", "Lanternes de papier",
                  "La Route du sel", "Trains de nuit", "Les Petites Grâces"],
        "day": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "ce week-end"],
    },
    "ru": {
        "city": ["Казани", "Екатеринбурге", "Новосибирске", "Перми", "Томске", "Калуге", "Ярославле", "Иркутске",
                 "Тюмени", "Владимире"],
        "name": ["Анна Соколова", "Игорь Лебедев", "Мария Павлова", "Дмитрий Орлов", "Елена Кузнецова",
                 "Сергей Волков", "Ольга Морозова", "Алексей Фролов"],
        "team": ["«Северная звезда»", "«Волжанин»", "«Уральские орлы»", "«Сибирский медведь»", "«Приморье»",
                 "«Янтарь»"],
        "company": ["«Северсталь-Логистик»", "«Пищевой двор»", "«Телеком-Запад»", "«Фарм-Лайн»", "«Автоград»",
                    "«Речной банк»", "«Торговый ряд»", "«Цифровые решения»"],
        "title": ["«Тихая гавань»", "«Стеклянное лето»", "«Дальняя дорога»", "«Последний сад»",
                  "«Бумажные фонарики»", "«Ночные поезда»"],
        "day": ["в понедельник", "во вторник", "в среду", "в четверг", "в пятницу", "в выходные"],
    },
    "uk": {
        "city": ["Львові", "Ужгороді", "Чернівцях", "Тернополі", "Луцьку", "Рівному", "Івано-Франківську",
                 "Вінниці", "Житомирі", "Полтаві"],
        "name": ["Олена Коваленко", "Андрій Мельник", "Ірина Бондаренко", "Тарас Шевчук", "Наталія Ткаченко",
                 "Богдан Кравець", "Оксана Мороз", "Василь Лисенко"],
        "team": ["«Карпатський лев»", "«Дністер»", "«Поділля»", "«Волинь-Спорт»", "«Буковинець»", "«Сокіл»"],
        "company": ["«Енергозбут-Захід»", "«Смачна хата»", "«Телеком-Схід»", "«Фармація Плюс»", "«Автосвіт»",
                    "«Банк Подільський»", "«Торгова лінія»", "«Цифрові рішення»"],
        "title": ["«Тиха гавань»", "«Скляне літо»", "«Далека дорога»", "«Останній сад»", "«Паперові ліхтарики»",
                  "«Нічні потяги»"],
        "day": ["у понеділок", "у вівторок", "у середу", "у четвер", "у п'ятницю", "на вихідних"],
    },
}

# TEMPLATES[lang][topic][kind] -> paragraphs; the first plain paragraph of a topic is
# never a headline: headlines are HEADLINES[lang][topic]
HEADLINES = {
    "en": {
        "politics": "{name} sets out budget plan in {city}", "sport": "{team} beat {team2} {n}-{m}",
        "economy": "{company} shares up {pct}% after results", "culture": "{title} opens in {city}",
        "weather": "Heavy rain expected in {city} {day}", "technology": "{company} unveils new app",
        "health": "{city} hospitals extend clinic hours",
    },
    "fr": {
        "politics": "{name} présente son budget à {city}", "sport": "{team} bat {team2} {n}-{m}",
        "economy": "{company} : l'action gagne {pct}%", "culture": "« {title} » à l'affiche à {city}",
        "weather": "Fortes pluies attendues à {city} {day}", "technology": "{company} lance une application",
        "health": "Les hôpitaux de {city} allongent leurs horaires",
    },
    "ru": {
        "politics": "{name} представила проект бюджета", "sport": "{team} обыграл {team2} со счётом {n}:{m}",
        "economy": "Акции {company} выросли на {pct}%", "culture": "В {city} покажут спектакль {title}",
        "weather": "В {city} ожидаются сильные дожди", "technology": "{company} представила новое приложение",
        "health": "Поликлиники в {city} продлят часы приёма",
    },
    "uk": {
        "politics": "{name} представила проєкт бюджету", "sport": "{team} обіграв {team2} з рахунком {n}:{m}",
        "economy": "Акції {company} зросли на {pct}%", "culture": "У {city} покажуть виставу {title}",
        "weather": "У {city} очікуються сильні дощі", "technology": "{company} представила новий застосунок",
        "health": "Поліклініки у {city} подовжать години прийому",
    },
}

TEMPLATES = {
    "en": {
        "politics": {
            "plain": [
                "{name}, the council leader in {city}, presented a budget of {n} million pounds {day}, promising more money for schools, libraries and bus routes. Opposition members said the plan relied on optimistic tax forecasts and called for a public consultation before the vote next month.",
                "Members of parliament debated a reform of local elections {day}. {name} argued that the new rules would make ballots simpler to count, while {name2} warned that smaller parties could lose up to {pct}% of their seats under the proposed boundaries.",
                "The coalition in {city} agreed on a housing programme after {n} hours of talks. The deal includes {m} thousand new homes over five years and a cap on rent increases, according to a statement signed by both party leaders.",
                "A poll published {day} puts {name}'s party at {pct}%, ahead of its rivals for the first time this year. Analysts in {city} said voters were mostly worried about the cost of living and waiting lists at local clinics.",
            ],
            "everyday": [
                "{name} came under attack from her own backbenchers {day}, who accused her of abandoning the manifesto. The row overshadowed a speech in {city} meant to relaunch the campaign.",
                "Critics said the plan was dead on arrival: {name2} told reporters in {city} that no committee would back a bill written in such haste.",
            ],
            "near": [
                "{name} visited a museum exhibition in {city} {day} marking the anniversary of the war that ended a century ago; veterans' descendants laid flowers by the memorial to the soldiers of the town.",
            ],
        },
        "sport": {
            "plain": [
                "{team} beat {team2} {n}-{m} in front of a crowd of {pct} thousand {day}. The visitors had the better of the first half, but a header from {name} after the break changed the game, and the home side held on for the points.",
                "{name} won the women's final in {city} in straight sets, her {n}th title of the season. Her coach said the win was the result of months of work on her serve and her footwork at the net.",
                "The cycling tour finished in {city} {day} after {n} stages. {name} kept the leader's jersey by {m} seconds, while {name2} took the mountain classification on the last climb.",
                "After a run of {n} games without a win, {team} parted ways with their manager {day}. The club said {name} would take charge of training until the end of the season.",
            ],
            "everyday": [
                "{team} were relentless in attack and {name} struck the post twice before the interval; the goalkeeper of {team2} kept them out with a string of saves.",
                "An army of fans travelled to {city} to cheer on {team}, filling the away end and singing long after the final whistle.",
                "{team} lost their captain to a hamstring injury in the first half, and {name} was stretchered off after a heavy fall near the corner flag.",
                "The striker was on fire in the second half, scoring {n} goals in twenty minutes as {team} ran away with the game.",
            ],
            "near": [
                "The league's broadcaster filmed the match with a camera drone above the stadium in {city}, giving viewers a new angle on every corner kick.",
            ],
        },
        "economy": {
            "plain": [
                "Shares in {company} rose {pct}% {day} after the group reported quarterly profit of {n} million, ahead of forecasts. The chief executive, {name}, said demand had held up despite higher interest rates.",
                "Inflation slowed to {n}.{m}% last month, the statistics office said, as food and fuel prices eased. Economists in {city} expect the central bank to hold rates at its next meeting.",
                "{company} plans to open {n} new stores and hire {m} hundred staff in {city} next year, its chairman {name} told shareholders at the annual meeting.",
                "Unemployment in the region fell to {pct}%, its lowest level in a decade, helped by new jobs in logistics and healthcare, according to figures published {day}.",
            ],
            "everyday": [
                "A price war between supermarkets in {city} has cut the cost of a weekly shop by {pct}%, but analysts warn that smaller grocers may not survive it.",
                "{company} said it would cut {n} hundred jobs after a hostile takeover bid collapsed, a blow its chairman described as a shot across the bows for the sector.",
            ],
            "near": [
                "{company} signed a contract to supply drones for crop spraying to farms around {city}, a market it expects to grow by {pct}% a year.",
            ],
        },
        "culture": {
            "plain": [
                "{title}, the new play by {name}, opened in {city} {day} to warm reviews. The two-hour production follows three sisters who return to their childhood home to sell it.",
                "The city library of {city} will host {n} readings this autumn, including an evening with {name}, whose novel {title} has sold {m} hundred thousand copies.",
                "A retrospective of {name}'s paintings, {n} canvases lent by museums and private collectors, runs in {city} until the end of the year.",
                "The festival's jury awarded its main prize to {title}, a film by {name2} about a family of fishermen; the audience prize went to a documentary on jazz in {city}.",
            ],
            "everyday": [
                "The kitchen scenes of {title} are the best of the season: a pan catches fire, the cook keeps calm, and {name} steals the show.",
                "Critics killed the musical in {city} within a week, though audiences kept coming; {name} said the cast had never laughed so much.",
            ],
            "near": [
                "{title}, a drama about a missile engineer in the space race of the 1960s, opens in {city} {day}; {name} plays his wife.",
                "The fireworks and a rocket display closed the summer festival in {city}, watched by {n} thousand people along the river.",
            ],
        },
        "weather": {
            "plain": [
                "Forecasters expect up to {n} millimetres of rain in {city} {day}, with gusts of {m} kilometres an hour along the coast. Drivers are advised to allow extra time for journeys.",
                "The heatwave will break {day}, with temperatures falling from {n} degrees to the low twenties and thunderstorms in the afternoon, the weather service said.",
                "Snow closed {n} mountain passes overnight and the roads department of {city} sent {m} gritters out before dawn.",
            ],
            "everyday": [
                "Firefighters in {city} put out a grass fire on the edge of town {day}, the third this month after weeks without rain; no homes were threatened.",
                "The storm left {n} thousand homes without power overnight, and engineers in {city} expect to restore supplies by the evening.",
            ],
            "near": [],
        },
        "technology": {
            "plain": [
                "{company} unveiled a new version of its phone app {day}, with a redesigned home screen and faster payments. The company said {n} million people use the app every month.",
                "Researchers at the university of {city} have built a battery that charges in {n} minutes, a result {name} called a step towards cheaper electric cars.",
                "{company} will invest {n} million in a data centre near {city}, creating {m} hundred jobs, its head of operations {name} said.",
            ],
            "everyday": [
                "A cyber attack on {company}'s booking system left customers in {city} unable to check in for {n} hours; the company said no payment data had been stolen.",
                "The new laptop from {company} has a battery that lasts {n} hours and a screen that is easy on the eyes, though the fan can run hot under load.",
            ],
            "near": [
                "{company} began testing drone deliveries of parcels in {city} {day}, with {n} flights a day between its warehouse and the town centre.",
                "The private rocket launch from the coastal spaceport was postponed by {n} days because of high winds, {company} said.",
            ],
        },
        "health": {
            "plain": [
                "Clinics in {city} will open until eight in the evening from next month, the health board said, to cut waiting times that have reached {n} weeks for some appointments.",
                "A study of {n} thousand adults found that walking {m} thousand steps a day lowered blood pressure, {name} of the university of {city} said.",
                "The flu vaccination campaign begins {day}; pharmacies in {city} expect to give {n} thousand doses in the first month.",
            ],
            "everyday": [
                "Heart attack patients in {city} now reach a specialist unit {n} minutes sooner, thanks to a new ambulance route, the hospital said.",
                "Doctors warned that the number of people injured in falls on icy pavements had doubled this winter, with {n} admissions to the hospital of {city} in a week.",
            ],
            "near": [],
        },
    },
    "fr": {
        "politics": {
            "plain": [
                "{name}, maire de {city}, a présenté {day} un budget de {n} millions d'euros, avec davantage de crédits pour les écoles, les bibliothèques et les lignes de bus. L'opposition juge les prévisions de recettes trop optimistes.",
                "Les députés ont débattu {day} de la réforme des élections locales. Pour {name}, les nouvelles règles simplifieront le dépouillement ; {name2} craint que les petits partis perdent jusqu'à {pct} % de leurs sièges.",
                "Après {n} heures de négociations, la majorité municipale de {city} s'est accordée sur un plan logement : {m} mille logements en cinq ans et un encadrement des loyers.",
                "Selon un sondage publié {day}, le parti de {name} recueille {pct} % des intentions de vote. À {city}, les électeurs citent d'abord le pouvoir d'achat et les délais pour voir un médecin.",
            ],
            "everyday": [
                "{name} a essuyé les attaques de sa propre majorité {day}, accusée d'avoir renié ses promesses ; la polémique a éclipsé son discours à {city}.",
                "Le projet de loi est mort-né, a estimé {name2} à {city} : aucune commission ne soutiendra un texte écrit à la hâte.",
            ],
            "near": [
                "{name} a inauguré {day} à {city} une exposition sur la Grande Guerre ; des descendants d'anciens combattants ont déposé des gerbes au monument aux morts.",
            ],
        },
        "sport": {
            "plain": [
                "{team} a battu {team2} {n}-{m} devant {pct} mille spectateurs {day}. Les visiteurs ont dominé la première période, mais une tête de {name} après la pause a renversé le match.",
                "{name} a remporté la finale du tournoi de {city} en deux sets, son {n}e titre de la saison ; son entraîneur salue des mois de travail sur le service.",
                "Le tour cycliste s'est achevé à {city} {day} après {n} étapes. {name} garde le maillot de leader pour {m} secondes, {name2} remporte le classement de la montagne.",
                "Après {n} matchs sans victoire, {team} s'est séparé de son entraîneur {day}. {name} dirigera les séances jusqu'à la fin de la saison.",
            ],
            "everyday": [
                "{team} n'a cessé d'attaquer et {name} a trouvé le poteau à deux reprises avant la pause ; le gardien de {team2} a multiplié les arrêts.",
                "Une armée de supporters a fait le déplacement à {city} pour encourager {team}, et a chanté longtemps après le coup de sifflet final.",
                "Le capitaine de {team} est sorti blessé à la cuisse en première période, et {name} a quitté le terrain sur civière après une lourde chute.",
            ],
            "near": [
                "Le diffuseur a filmé la rencontre avec un drone au-dessus du stade de {city}, offrant un nouvel angle sur chaque corner.",
            ],
        },
        "economy": {
            "plain": [
                "L'action {company} a gagné {pct} % {day} après un bénéfice trimestriel de {n} millions d'euros, supérieur aux attentes. Sa directrice générale, {name}, évoque une demande solide malgré la hausse des taux.",
                "L'inflation a ralenti à {n},{m} % le mois dernier, selon l'Insee, grâce à la détente des prix de l'alimentation et de l'énergie. Les économistes de {city} attendent un statu quo de la banque centrale.",
                "{company} prévoit d'ouvrir {n} magasins et de recruter {m} cents salariés à {city} l'an prochain, a annoncé son président {name} en assemblée générale.",
                "Le chômage dans la région est tombé à {pct} %, au plus bas depuis dix ans, porté par la logistique et la santé, selon les chiffres publiés {day}.",
            ],
            "everyday": [
                "La guerre des prix entre les supermarchés de {city} a fait baisser le panier de la semaine de {pct} %, mais les petits épiciers risquent de ne pas y survivre.",
                "{company} va supprimer {n} cents emplois après l'échec d'une offre publique d'achat hostile, un coup dur pour tout le secteur selon son président.",
            ],
            "near": [
                "{company} a signé un contrat pour fournir des drones d'épandage aux exploitations agricoles autour de {city}, un marché en croissance de {pct} % par an.",
            ],
        },
        "culture": {
            "plain": [
                "« {title} », la nouvelle pièce de {name}, a été créée à {city} {day} et saluée par la critique. Le spectacle suit trois sœurs revenues vendre la maison de leur enfance.",
                "La médiathèque de {city} accueillera {n} lectures cet automne, dont une soirée avec {name}, dont le roman « {title} » s'est vendu à {m} cent mille exemplaires.",
                "Une rétrospective de {name}, {n} toiles prêtées par des musées et des collectionneurs, est présentée à {city} jusqu'à la fin de l'année.",
                "Le jury du festival a décerné son grand prix à « {title} », un film de {name2} sur une famille de pêcheurs ; le prix du public va à un documentaire sur le jazz à {city}.",
            ],
            "everyday": [
                "Les scènes de cuisine de « {title} » sont les meilleures de la saison : une poêle prend feu, le cuisinier garde son calme et {name} vole la vedette.",
                "La comédie musicale a fait un tabac à {city} : {name} a eu le feu vert pour une tournée de {n} dates.",
            ],
            "near": [
                "Un feu d'artifice et un spectacle de drones lumineux ont clôturé le festival d'été de {city}, devant {n} mille personnes massées sur les quais.",
            ],
        },
        "weather": {
            "plain": [
                "Météo-France prévoit jusqu'à {n} millimètres de pluie à {city} {day}, avec des rafales à {m} km/h sur le littoral. Les automobilistes sont invités à la prudence.",
                "La vague de chaleur prendra fin {day} : les températures passeront de {n} degrés à une vingtaine, avec des orages l'après-midi.",
                "La neige a fermé {n} cols dans la nuit et les services des routes de {city} ont envoyé {m} saleuses avant l'aube.",
            ],
            "everyday": [
                "Les pompiers de {city} ont éteint un feu d'herbes en lisière de la ville {day}, le troisième ce mois-ci après des semaines sans pluie ; aucune maison n'a été menacée.",
                "La tempête a privé d'électricité {n} mille foyers dans la nuit ; Enedis espère un retour à la normale à {city} dans la soirée.",
            ],
            "near": [],
        },
        "technology": {
            "plain": [
                "{company} a présenté {day} une nouvelle version de son application, avec un écran d'accueil repensé et des paiements plus rapides ; {n} millions de personnes l'utilisent chaque mois.",
                "Des chercheurs de l'université de {city} ont mis au point une batterie qui se recharge en {n} minutes, un pas vers des voitures électriques moins chères selon {name}.",
                "{company} investira {n} millions d'euros dans un centre de données près de {city}, avec {m} cents emplois à la clé, a indiqué {name}.",
            ],
            "everyday": [
                "Une cyberattaque contre le système de réservation de {company} a empêché les clients de {city} de s'enregistrer pendant {n} heures ; aucune donnée bancaire n'a été volée.",
            ],
            "near": [
                "{company} teste depuis {day} la livraison de colis par drone à {city}, avec {n} vols par jour entre son entrepôt et le centre-ville.",
            ],
        },
        "health": {
            "plain": [
                "Les centres de santé de {city} ouvriront jusqu'à 20 heures dès le mois prochain, pour réduire des délais d'attente qui atteignent {n} semaines.",
                "Une étude portant sur {n} mille adultes montre que marcher {m} mille pas par jour fait baisser la tension, selon {name}, de l'université de {city}.",
                "La campagne de vaccination contre la grippe commence {day} ; les pharmacies de {city} prévoient {n} mille injections le premier mois.",
            ],
            "everyday": [
                "Les patients victimes d'un infarctus à {city} arrivent désormais {n} minutes plus tôt en cardiologie grâce à un nouveau circuit des ambulances.",
            ],
            "near": [],
        },
    },
    "ru": {
        "politics": {
            "plain": [
                "{name} представила {day} проект городского бюджета на {n} миллиардов рублей: больше денег получат школы, библиотеки и автобусные маршруты. Депутаты в {city} считают прогноз доходов слишком оптимистичным.",
                "Депутаты обсудили {day} поправки к закону о местном самоуправлении. По словам {name}, новые правила упростят подсчёт голосов, а {name2} опасается, что небольшие партии потеряют до {pct}% мест.",
                "После {n} часов переговоров фракции в {city} договорились о жилищной программе: {m} тысяч квартир за пять лет и ограничение роста арендной платы.",
                "По данным опроса, опубликованного {day}, партию {name} поддерживают {pct}% избирателей. Жителей {city} больше всего волнуют цены и очереди в поликлиниках.",
            ],
            "everyday": [
                "Граждане смогут подать заявление на субсидию через портал госуслуг, сообщила {name} {day}; в {city} таких заявлений ожидают не меньше {n} тысяч.",
                "Мэрия {city} подверглась атаке критиков после решения закрыть {n} библиотек; {name} обещала пересмотреть план.",
            ],
            "near": [
                "В {city} {day} открылась выставка к годовщине Великой Отечественной войны; школьники возложили цветы к памятнику.",
            ],
        },
        "sport": {
            "plain": [
                "{team} обыграл {team2} со счётом {n}:{m} на глазах у {pct} тысяч зрителей {day}. Гости лучше провели первый тайм, но после перерыва {name} забил головой, и хозяева удержали победу.",
                "{name} выиграла финал турнира в {city} в двух сетах; это её {n}-й титул в сезоне. Тренер объяснил успех работой над подачей.",
                "Многодневная велогонка завершилась в {city} {day} после {n} этапов. {name} сохранил майку лидера с преимуществом в {m} секунд.",
                "После {n} матчей без побед {team} расстался с главным тренером {day}. До конца сезона команду возглавит {name}.",
            ],
            "everyday": [
                "{team} провёл весь матч в атаке, и {name} дважды попал в штангу; вратарь {team2} раз за разом выручал партнёров.",
                "Целая армия болельщиков приехала в {city} поддержать {team}; трибуны пели и после финального свистка.",
                "Хозяева сыграли надёжно в обороне и почти не позволяли {team2} приблизиться к воротам.",
            ],
            "near": [
                "Трансляцию матча в {city} впервые вели с дрона над стадионом, и зрители увидели каждый угловой сверху.",
            ],
        },
        "economy": {
            "plain": [
                "Акции {company} выросли на {pct}% {day} после публикации квартальной прибыли в {n} миллиардов рублей, выше прогнозов. Гендиректор {name} отметил устойчивый спрос.",
                "Инфляция в прошлом месяце замедлилась до {n},{m}%, сообщил Росстат, благодаря снижению цен на продукты. Экономисты в {city} ждут сохранения ключевой ставки.",
                "{company} откроет {n} магазинов и наймёт {m} сотен сотрудников в {city} в следующем году, сообщил председатель совета директоров {name}.",
                "Безработица в регионе опустилась до {pct}%, минимума за десять лет, благодаря логистике и здравоохранению, следует из данных, опубликованных {day}.",
            ],
            "everyday": [
                "Ценовая война между сетями супермаркетов в {city} снизила стоимость продуктовой корзины на {pct}%, но небольшие магазины могут её не пережить.",
            ],
            "near": [
                "{company} подписала контракт на поставку агродронов для опрыскивания полей вокруг {city}; рынок растёт на {pct}% в год.",
            ],
        },
        "culture": {
            "plain": [
                "Премьера спектакля {title} по пьесе {name} прошла в {city} {day}. Постановка рассказывает о трёх сёстрах, которые возвращаются продать родительский дом.",
                "Городская библиотека {city} проведёт осенью {n} встреч с писателями, в том числе с {name}, роман которой {title} разошёлся тиражом {m} сотен тысяч.",
                "Ретроспектива {name}: {n} полотен из музеев и частных собраний будут показаны в {city} до конца года.",
            ],
            "everyday": [
                "Лучшая сцена фильма {title} — на кухне: сковорода вспыхивает, повар не теряет спокойствия, а {name} крадёт всё внимание зрителей.",
            ],
            "near": [
                "Праздничный салют и фейерверк завершили городской фестиваль в {city}; на набережной собрались {n} тысяч человек.",
            ],
        },
        "weather": {
            "plain": [
                "Синоптики обещают в {city} {day} до {n} миллиметров осадков и порывы ветра до {m} метров в секунду. Водителей просят быть внимательнее.",
                "Жара спадёт {day}: температура опустится с {n} градусов до двадцати, после обеда возможны грозы.",
                "Снегопад закрыл {n} перевалов за ночь, дорожные службы {city} вывели {m} единиц техники до рассвета.",
            ],
            "everyday": [
                "Из-за непогоды без электричества остались {n} тысяч домов; энергетики обещают восстановить подачу в {city} к вечеру.",
            ],
            "near": [],
        },
        "technology": {
            "plain": [
                "{company} представила {day} новую версию мобильного приложения с переработанным главным экраном и быстрыми платежами; им пользуются {n} миллионов человек в месяц.",
                "Учёные университета в {city} создали аккумулятор, который заряжается за {n} минут; по словам {name}, это шаг к дешёвым электромобилям.",
                "{company} вложит {n} миллиардов рублей в центр обработки данных под {city}; появятся {m} сотен рабочих мест.",
            ],
            "everyday": [
                "Хакерская атака на систему бронирования {company} на {n} часов лишила клиентов в {city} возможности зарегистрироваться; платёжные данные не пострадали.",
            ],
            "near": [
                "{company} начала тестировать доставку посылок дронами в {city}: {n} полётов в день между складом и центром города.",
            ],
        },
        "health": {
            "plain": [
                "Поликлиники в {city} со следующего месяца будут работать до восьми вечера, чтобы сократить очереди, которые доходят до {n} недель.",
                "Исследование {n} тысяч взрослых показало, что {m} тысяч шагов в день снижают давление, сообщила {name} из университета в {city}.",
                "Прививочная кампания против гриппа стартует {day}; аптеки {city} рассчитывают сделать {n} тысяч прививок за первый месяц.",
            ],
            "everyday": [
                "Пациенты с инфарктом в {city} теперь попадают в сосудистый центр на {n} минут быстрее благодаря новой схеме работы скорой помощи.",
            ],
            "near": [],
        },
    },
    "uk": {
        "politics": {
            "plain": [
                "{name} представила {day} проєкт міського бюджету на {n} мільйонів гривень: більше коштів отримають школи, бібліотеки та автобусні маршрути. Депутати у {city} вважають прогноз доходів надто оптимістичним.",
                "Депутати обговорили {day} зміни до закону про місцеве самоврядування. За словами {name}, нові правила спростять підрахунок голосів, а {name2} побоюється, що малі партії втратять до {pct}% мандатів.",
                "Після {n} годин переговорів фракції у {city} домовилися про житлову програму: {m} тисяч квартир за п'ять років і обмеження зростання орендної плати.",
                "За даними опитування, оприлюдненого {day}, партію {name} підтримують {pct}% виборців. Мешканців {city} найбільше турбують ціни та черги до лікарів.",
            ],
            "everyday": [
                "Мерія {city} опинилася під атакою критиків після рішення закрити {n} бібліотек; {name} пообіцяла переглянути план.",
            ],
            "near": [
                "У {city} {day} відкрилася виставка до річниці Другої світової війни; школярі поклали квіти до пам'ятника.",
            ],
        },
        "sport": {
            "plain": [
                "{team} обіграв {team2} з рахунком {n}:{m} на очах у {pct} тисяч глядачів {day}. Гості краще провели перший тайм, але після перерви {name} забив головою, і господарі втримали перемогу.",
                "{name} виграла фінал турніру у {city} у двох сетах; це її {n}-й титул у сезоні. Тренер пояснив успіх роботою над подачею.",
                "Багатоденна велогонка завершилася у {city} {day} після {n} етапів. {name} зберіг майку лідера з перевагою у {m} секунд.",
                "Після {n} матчів без перемог {team} розлучився з головним тренером {day}. До кінця сезону команду очолить {name}.",
            ],
            "everyday": [
                "{team} весь матч провів в атаці, і {name} двічі влучив у штангу; воротар {team2} раз у раз рятував партнерів.",
                "Ціла армія вболівальників приїхала до {city} підтримати {team}; трибуни співали й після фінального свистка.",
            ],
            "near": [
                "Трансляцію матчу у {city} вперше вели з дрона над стадіоном, і глядачі побачили кожен кутовий згори.",
            ],
        },
        "economy": {
            "plain": [
                "Акції {company} зросли на {pct}% {day} після оприлюднення квартального прибутку в {n} мільйонів гривень, вище за прогнози. Генеральна директорка {name} відзначила стабільний попит.",
                "Інфляція минулого місяця сповільнилася до {n},{m}%, повідомив Держстат, завдяки зниженню цін на продукти. Економісти у {city} чекають збереження облікової ставки.",
                "{company} відкриє {n} магазинів і найме {m} сотень працівників у {city} наступного року, повідомив голова наглядової ради {name}.",
                "Безробіття в області знизилося до {pct}%, мінімуму за десять років, завдяки логістиці та охороні здоров'я, свідчать дані, оприлюднені {day}.",
            ],
            "everyday": [
                "Цінова війна між мережами супермаркетів у {city} здешевила продуктовий кошик на {pct}%, але невеликі крамниці можуть її не пережити.",
            ],
            "near": [
                "{company} підписала контракт на постачання агродронів для обприскування полів навколо {city}; ринок зростає на {pct}% на рік.",
            ],
        },
        "culture": {
            "plain": [
                "Прем'єра вистави {title} за п'єсою {name} відбулася у {city} {day}. Постановка розповідає про трьох сестер, які повертаються продати батьківський дім.",
                "Міська бібліотека у {city} проведе восени {n} зустрічей із письменниками, зокрема з {name}, роман якої {title} розійшовся накладом {m} сотень тисяч.",
                "Ретроспектива {name}: {n} полотен із музеїв і приватних колекцій покажуть у {city} до кінця року.",
            ],
            "everyday": [
                "Найкраща сцена фільму {title} — на кухні: сковорідка спалахує, кухар не втрачає спокою, а {name} перетягує на себе всю увагу.",
            ],
            "near": [
                "Святковий салют і феєрверк завершили міський фестиваль у {city}; на набережній зібралися {n} тисяч людей.",
            ],
        },
        "weather": {
            "plain": [
                "Синоптики обіцяють у {city} {day} до {n} міліметрів опадів і пориви вітру до {m} метрів за секунду. Водіїв просять бути уважнішими.",
                "Спека спаде {day}: температура знизиться з {n} градусів до двадцяти, після обіду можливі грози.",
                "Снігопад закрив {n} перевалів за ніч, дорожні служби {city} вивели {m} одиниць техніки до світанку.",
            ],
            "everyday": [
                "Через негоду без світла залишилися {n} тисяч будинків; енергетики обіцяють відновити живлення у {city} до вечора.",
            ],
            "near": [],
        },
        "technology": {
            "plain": [
                "{company} представила {day} нову версію мобільного застосунку з оновленим головним екраном і швидкими платежами; ним користуються {n} мільйонів людей щомісяця.",
                "Науковці університету у {city} створили акумулятор, який заряджається за {n} хвилин; за словами {name}, це крок до дешевих електромобілів.",
                "{company} інвестує {n} мільйонів гривень у центр обробки даних поблизу {city}; з'являться {m} сотень робочих місць.",
            ],
            "everyday": [
                "Хакерська атака на систему бронювання {company} на {n} годин позбавила клієнтів у {city} змоги зареєструватися; платіжні дані не постраждали.",
            ],
            "near": [
                "{company} почала тестувати доставку посилок дронами у {city}: {n} польотів на день між складом і центром міста.",
            ],
        },
        "health": {
            "plain": [
                "Поліклініки у {city} з наступного місяця працюватимуть до восьмої вечора, щоб скоротити черги, які сягають {n} тижнів.",
                "Дослідження {n} тисяч дорослих показало, що {m} тисяч кроків на день знижують тиск, повідомила {name} з університету у {city}.",
                "Кампанія щеплень від грипу стартує {day}; аптеки {city} розраховують зробити {n} тисяч щеплень за перший місяць.",
            ],
            "everyday": [
                "Пацієнти з інфарктом у {city} тепер потрапляють до судинного центру на {n} хвилин швидше завдяки новій схемі роботи швидкої допомоги.",
            ],
            "near": [],
        },
    },
}
