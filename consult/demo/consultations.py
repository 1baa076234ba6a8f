"""Demonstration consultations: clearly marked as synthetic, never as the council's own."""

DEMO_NOTE = ("**This is demonstration data.** The council has not made this proposal, and the "
             "responses are synthetic; they show how a consultation works on this service.")

OPEN = {
    "link": "volgograd",
    "action": "resume",
    "title": "Resume the twin link with Volgograd",
    "summary": ("The council proposes to resume the twin link with Volgograd, suspended by full "
                "council on 22 March 2022, starting with contacts between people rather than "
                "between the two city councils."),
    "reasons": DEMO_NOTE + """

## Why the council is asking

The link between Coventry and Stalingrad began in 1941 with letters between the women of the two
cities, and became the world's first twin-city link on 6 June 1944. The council suspended it on
22 March 2022 without asking residents first.

## What is proposed

- Resume contacts between schools, choirs, veterans' and women's groups.
- Keep civic visits and official ceremonies suspended, and review them each year.
- Report back on the link every year to full council.

## What it would cost

Officer time only; no travel would be paid for by the council.""",
    "alternatives": [
        {"title": "Keep the link suspended",
         "why_not": "It keeps no channel open between the people of the two cities."},
        {"title": "End the link",
         "why_not": "Ending a link of more than 80 years cannot be undone by a later council."},
    ],
    "options": ["Resume the link", "Keep the link suspended", "End the link"],
    "documents": [
        ("Coventry City Council: the Volgograd link",
         "https://www.coventry.gov.uk/directory-record/49250/volgograd-russia-coventry-s-"
         "twinning-link-with-volgograd-is-currently-suspended"),
    ],
    "results_visibility": "hidden",
    "days_open": 7, "days_left": 35,
}

CLOSED = {
    "link": "kiel",
    "action": "change_terms",
    "title": "Add a youth exchange to the Kiel link",
    "summary": "The council proposed an annual youth exchange between Coventry and Kiel.",
    "reasons": DEMO_NOTE + """

## What was proposed

An annual exchange for young people aged 16 to 19, alternating between the two cities, run with
local schools and colleges.""",
    "alternatives": [
        {"title": "No change", "why_not": "Young people have asked for more contact."},
    ],
    "options": [],
    "documents": [
        ("Coventry City Council: the Kiel link",
         "https://www.coventry.gov.uk/directory-record/49243/kiel-germany"),
    ],
    "results_visibility": "shown",
    "days_open": 90, "days_left": -48,
}

# (respondent type, option position, whether they give a reason) for synthetic responses,
# repeated in turn; each reason given is the next of the consultation's REASONS.
RESPONSE_PATTERN = [
    ("local_resident", 0, True),
    ("local_resident", 1, True),
    ("works_or_studies", 0, False),
    ("twin_city_resident", 0, True),
    ("organisation", 0, True),
    ("local_resident", 2, True),
    ("other", 1, False),
    ("local_resident", 0, True),
    ("works_or_studies", 1, True),
    ("twin_city_resident", 0, True),
    ("local_resident", 1, False),
    ("local_resident", 0, True),
]

# Synthetic reasons, with the language each is written in: a response that gives a reason
# takes the next one for its option's position, or from "twin" when it is the twin city's
# resident (who writes in their own language). Kiel's include six near-identical copies of one
# text, so that the analysis has a campaign to find.
CAMPAIGN = ("Every young person in Coventry deserves the chance to meet young people in Kiel. "
            "Please support the exchange.")
REASONS = {
    OPEN["title"]: {
        "twin": [
            ("Мы помним письма из Ковентри. Пусть люди снова пишут друг другу.", "ru"),
            ("Наши бабушки переписывались с женщинами Ковентри. Эту память нельзя прерывать.",
             "ru"),
            ("Дружба между людьми важнее политики.", "ru"),
            ("Мы ждём гостей из Ковентри, как раньше.", "ru"),
            ("Передайте привет хору из Ковентри: мы хотим снова петь вместе.", "ru"),
            ("Связь между нашими городами — это память о войне, которую мы пережили вместе.",
             "ru"),
        ],
        0: [
            ("The link began with ordinary people; it should go on with them.", "en"),
            ("Our choir sang in Volgograd in 2012 and would like to sing there again.", "en"),
            ("People-to-people links are what twinning was for.", "en"),
            ("Letters between the women of the two cities started all this in 1941. Keep that "
             "going.", "en"),
            ("Our veterans' group still has friends in Volgograd and wants to write to them.",
             "en"),
            ("The suspension punished people who had no say in the war.", "en"),
            ("Schools and choirs yes, official ceremonies no.", "en"),
            ("Contacts between people keep a door open for the future.", "en"),
            ("Coventry knows what it is to be bombed; so does Volgograd. That is why the link "
             "matters.", "en"),
            ("Students at our college would like pen friends in Volgograd again.", "en"),
            ("The cost is only officer time, so there is no reason not to resume.", "en"),
            ("A vote of councillors suspended it without asking us; this time listen to "
             "residents.", "en"),
        ],
        1: [
            ("Not while the war continues.", "en"),
            ("Resuming contacts between schools is fine, but civic visits would send the wrong "
             "message while the war goes on.", "en"),
            ("Wait until there is peace; then ask us again.", "en"),
            ("I cannot support any contact while Ukrainian cities are being bombed.", "en"),
            ("Keep it suspended until Russian forces leave Ukraine.", "en"),
            ("Too soon: wait for peace before anything changes.", "en"),
        ],
        2: [
            ("The council should not be seen to endorse the Russian government.", "en"),
            ("A link with a city in a state waging war of aggression cannot go on; end it.",
             "en"),
            ("Twinning with Volgograd has no future now. End it cleanly.", "en"),
        ],
    },
    CLOSED["title"]: {
        "twin": [
            ("Wir freuen uns auf junge Gäste aus Coventry und bieten gern Gastfamilien an.",
             "de"),
            ("Unsere Schülerinnen und Schüler haben von Coventry viel gelernt. Bitte macht "
             "weiter.", "de"),
            ("Ein Austausch für 16- bis 19-Jährige ist genau das Richtige.", "de"),
            ("Wir haben 2019 Jugendliche aus Coventry empfangen und würden es wieder tun.",
             "de"),
            ("Junge Menschen lernen eine Sprache am besten mit Freunden.", "de"),
            ("Kiel und Coventry wurden beide im Krieg zerstört; die Jugend soll diese Geschichte "
             "gemeinsam lernen.", "de"),
        ],
        0: [
            (CAMPAIGN, "en"),
            ("Our sixth form already has a partner school in Kiel and would run the exchange.",
             "en"),
            ("Every young person in Coventry deserves the chance to meet young people in Kiel! "
             "Please support the exchange.", "en"),
            ("Learning German is easier when you have friends to speak it with.", "en"),
            ("Every young person in Coventry deserves a chance to meet young people in Kiel. "
             "Please support this exchange.", "en"),
            ("Young people made lifelong friends on the old school trips to Kiel.", "en"),
            ("every young person in coventry deserves the chance to meet young people in kiel, "
             "please support the exchange", "en"),
            ("The train and ferry are better for the climate than flying; plan the travel that "
             "way.", "en"),
            ("Every young person in Coventry deserves the chance to meet young people in Kiel. "
             "Please, support the exchange.", "en"),
            ("Kiel and Coventry both rebuilt after the war; young people should learn that "
             "history together.", "en"),
            ("Every young person in Coventry deserves the chance to meet young people in Kiel. "
             "Please support the exchange now.", "en"),
            ("Make sure young people from every part of the city can go, not only those whose "
             "parents can pay.", "en"),
        ],
        1: [
            ("An exchange would cost the council money it does not have.", "en"),
            ("Who pays for the travel? The budget is already stretched.", "en"),
            ("Spending on youth exchanges while libraries close is the wrong priority.", "en"),
            ("It will cost too much for what a few students get out of it.", "en"),
            ("The budget should go to local youth clubs first.", "en"),
            ("Most young people in Coventry would never get a place; the money helps only a "
             "few.", "en"),
        ],
        2: [
            ("Safeguarding must come first: host families need proper checks.", "en"),
            ("Host families should be checked and supported; safety is what parents ask about "
             "first.", "en"),
            ("The exchange should be open to young people who are not at school or college "
             "too.", "en"),
        ],
    },
}

# Demonstration translations (issue 15): drafted for the demo, not checked by a translator;
# pages say so. Lists follow the English order (alternatives, options, documents).
TRANSLATED_BY = "consult demonstration data"

TRANSLATIONS = {
    OPEN["title"]: {
        "language": "ru",
        "title": "Возобновить побратимскую связь с Волгоградом",
        "summary": ("Совет предлагает возобновить побратимскую связь с Волгоградом, "
                    "приостановленную решением совета 22 марта 2022 года, начав с контактов "
                    "между людьми, а не между советами двух городов."),
        "reasons": """**Это демонстрационные данные.** Совет не вносил это предложение, а ответы \
вымышлены; они показывают, как проходит консультация в этом сервисе.

## Почему совет спрашивает

Связь между Ковентри и Сталинградом началась в 1941 году с писем между женщинами двух городов и \
6 июня 1944 года стала первой в мире связью городов-побратимов. Совет приостановил её \
22 марта 2022 года, не спросив жителей.

## Что предлагается

- Возобновить контакты между школами, хорами, ветеранскими и женскими организациями.
- Оставить официальные визиты и церемонии приостановленными и пересматривать это каждый год.
- Ежегодно отчитываться о связи перед советом.

## Сколько это будет стоить

Только рабочее время сотрудников совета; поездки совет оплачивать не будет.""",
        "alternatives": [
            {"title": "Оставить связь приостановленной",
             "why_not": "Тогда не останется никакого канала общения между жителями двух "
                        "городов."},
            {"title": "Разорвать связь",
             "why_not": "Разрыв связи, которой более 80 лет, не сможет отменить следующий "
                        "состав совета."},
        ],
        "options": ["Возобновить связь", "Оставить связь приостановленной", "Разорвать связь"],
        "documents": ["Городской совет Ковентри: связь с Волгоградом"],
    },
    CLOSED["title"]: {
        "language": "de",
        "title": "Einen Jugendaustausch in die Partnerschaft mit Kiel aufnehmen",
        "summary": "Der Rat schlug einen jährlichen Jugendaustausch zwischen Coventry und Kiel "
                   "vor.",
        "reasons": """**Dies sind Demonstrationsdaten.** Der Rat hat diesen Vorschlag nicht \
gemacht, und die Antworten sind erfunden; sie zeigen, wie eine Konsultation in diesem Dienst \
abläuft.

## Was vorgeschlagen wurde

Ein jährlicher Austausch für junge Menschen von 16 bis 19 Jahren, abwechselnd in beiden \
Städten, gemeinsam mit örtlichen Schulen und Colleges.""",
        "alternatives": [
            {"title": "Keine Änderung",
             "why_not": "Junge Menschen haben sich mehr Kontakt gewünscht."},
        ],
        "options": ["Dafür", "Dagegen", "Weder dafür noch dagegen"],
        "documents": ["Stadtrat Coventry: die Partnerschaft mit Kiel"],
    },
}

# Demonstration invitations (issue 16): who the council might have invited, for the demo only;
# pages say the council did not send them. (name, kind, channel, days before publication it
# was sent, days after the opening it was added to the list or None for before publication).
INVITATIONS = {
    OPEN["title"]: [
        ("Volgograd City Administration", "twin_council", "letter", 14, None),
        ("Coventry–Volgograd friendship group", "twinning_association", "email", 14, None),
        ("Russian-speaking community groups in Coventry", "community_group", "meeting", 10,
         None),
        ("Ukrainian community groups in Coventry", "community_group", "meeting", 10, None),
        ("Coventry Twinning Choir", "other", "email", 7, None),
    ],
    CLOSED["title"]: [
        ("Coventry–Kiel twinning association", "twinning_association", "email", 20, None),
        ("Coventry secondary schools and colleges", "school", "letter", 20, None),
        ("City of Kiel (Landeshauptstadt Kiel)", "twin_council", "email", 0, 5),
    ],
}
# Why the Kiel demonstration was published before the City of Kiel was invited.
NO_TWIN_COUNCIL_REASONS = {
    CLOSED["title"]: ("Demonstration data. The exchange would first be arranged between schools "
                      "and colleges in the two cities; the City of Kiel was to be asked once "
                      "they had agreed."),
}
